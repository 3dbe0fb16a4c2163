package dev.telemetry.beacon.geo;

import static dev.telemetry.beacon.geo.TestData.ip;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.Inet4Address;
import org.junit.jupiter.api.Test;

class IpLiteralsTest {

    @Test
    void ipv4() {
        assertThat(IpLiterals.parse("0.0.0.0")).isEqualTo(ip("0.0.0.0"));
        assertThat(IpLiterals.parse("255.255.255.255")).isEqualTo(ip("255.255.255.255"));
        assertThat(IpLiterals.parse(" 1.2.3.4 ")).isEqualTo(ip("1.2.3.4"));
        for (String bad : new String[] {"1.2.3", "1.2.3.4.", ".1.2.3.4", "1..2.3", "1.2.3.256",
                "127.1", "0x7f.0.0.1", "01.2.3.4", "1.2.3.-4", "+1.2.3.4", "1.2.3.4/24"}) {
            assertThat(IpLiterals.parse(bad)).as(bad).isNull();
        }
    }

    @Test
    void ipv6() {
        assertThat(IpLiterals.parse("::")).isEqualTo(ip("::"));
        assertThat(IpLiterals.parse("2001:DB8::1")).isEqualTo(ip("2001:db8::1"));
        assertThat(IpLiterals.parse("1:2:3:4:5:6:7:8")).isEqualTo(ip("1:2:3:4:5:6:7:8"));
        assertThat(IpLiterals.parse("::ffff:1.2.3.4")).isInstanceOf(Inet4Address.class);
        for (String bad : new String[] {":::", "1:2:3:4:5:6:7:8:9", "2001:db8::g", "[::1",
                "::1]", "[::1]x", "[::1]:", "[::1]:123456"}) {
            assertThat(IpLiterals.parse(bad)).as(bad).isNull();
        }
    }

    @Test
    void cidr() {
        assertThat(Cidr.parse("10.0.0.0/8").contains(ip("10.255.255.255"))).isTrue();
        assertThat(Cidr.parse("10.0.0.0/8").contains(ip("11.0.0.0"))).isFalse();
        assertThat(Cidr.parse("0.0.0.0/0").contains(ip("1.2.3.4"))).isTrue();
        assertThat(Cidr.parse("0.0.0.0/0").contains(ip("::1"))).isFalse();
        assertThat(Cidr.parse("2600:1f14::/35").contains(ip("2600:1f14:1fff::1"))).isTrue();
        assertThat(Cidr.parse("2600:1f14::/35").contains(ip("2600:1f14:2000::"))).isFalse();
        assertThat(Cidr.parse("::ffff:10.0.0.0/104").contains(ip("10.1.2.3"))).isTrue();
        assertThat(Cidr.parse("1.2.3.4")).isEqualTo(Cidr.parse("1.2.3.4/32"));
        assertThat(Cidr.parse("1.2.3.4/24").toString()).isEqualTo("1.2.3.0/24");
        for (String bad : new String[] {"", "/8", "10.0.0.0/", "10.0.0.0/-1", "10.0.0.0/33",
                "10.0.0.0/8/8", "::/129", "host/8", "[::1]/128", "10.0.0.0/ 8"}) {
            assertThat(Cidr.parse(bad)).as(bad).isNull();
        }
    }
}
