package dev.telemetry.servers.hosts;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import org.apache.commons.net.smtp.SMTPClient;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * GreenMail's SMTP server on 127.0.0.1 and a known workload through commons-net's SMTPClient (it sends
 * exactly the commands called). Canary host names, addresses, credentials, subject and body must
 * never reach a report.
 */
public final class SmtpHost {
    public static void main(String[] args) {
        Host.run(() -> serve());
    }

    static void serve() throws Exception {
        GreenMail mail = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        mail.start();
        SMTPClient smtp = new SMTPClient();
        smtp.setConnectTimeout(10_000);
        smtp.setDefaultTimeout(10_000);
        smtp.connect("127.0.0.1", mail.getSmtp().getPort());                      // 220, no command
        smtp.helo("canary-host-7f3a.example");                                    // HELO 250
        smtp.sendCommand("RCPT TO:<canary-to-7f3a@example.com>");                 // RCPT 503: no MAIL yet
        smtp.sendCommand("DATA");                                                 // DATA 503: no MAIL yet
        smtp.sendCommand("ZZZZ");                                                 // 500 from the handler, no command class
        String credentials = Base64.getEncoder().encodeToString(
                "\0canary-user-7f3a\0canary-secret-7f3a".getBytes(StandardCharsets.UTF_8));
        smtp.sendCommand("AUTH PLAIN " + credentials);                            // AUTH 535
        Host.check(smtp.setSender("canary-from-7f3a@example.com"), "mail");       // MAIL 250
        Host.check(smtp.addRecipient("canary-to-7f3a@example.com"), "rcpt");      // RCPT 250
        Host.check(smtp.sendShortMessageData("Subject: canary-subject-7f3a\r\n\r\ncanary-body-7f3a\r\n"), "data"); // DATA 354 250
        Host.check(smtp.reset(), "rset");                                         // RSET 250
        smtp.verify("canary-vrfy-7f3a");                                          // VRFY 252
        Host.check(smtp.sendNoOp(), "noop");                                      // NOOP 250
        smtp.logout();                                                            // QUIT 221
        smtp.disconnect();
        Host.check(mail.getReceivedMessages().length == 1, "the message was delivered");
        Host.done(mail::stop);
    }
}
