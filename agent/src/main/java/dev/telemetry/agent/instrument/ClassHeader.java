package dev.telemetry.agent.instrument;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The super class and interfaces of a class file, read from its bytes: the constant pool is skipped
 * over, nothing is loaded. This is how subtype targets are matched while a class loads.
 */
final class ClassHeader {
    final String superName;
    final List<String> interfaces;

    private ClassHeader(String superName, List<String> interfaces) {
        this.superName = superName;
        this.interfaces = interfaces;
    }

    /** Internal names (a/b/C); null when the bytes are not a class file this reader understands. */
    static ClassHeader read(byte[] b) {
        try {
            if (b == null || b.length < 10 || u4(b, 0) != 0xCAFEBABEL) {
                return null;
            }
            int count = u2(b, 8);
            int[] offsets = new int[count];
            int p = 10;
            for (int i = 1; i < count; i++) {
                offsets[i] = p;
                int tag = b[p] & 0xFF;
                switch (tag) {
                    case 1: p += 3 + u2(b, p + 1); break;            // Utf8
                    case 3: case 4: p += 5; break;                   // Integer, Float
                    case 5: case 6: p += 9; i++; break;              // Long, Double take two slots
                    case 7: case 8: case 16: case 19: case 20: p += 3; break; // Class, String, MethodType, Module, Package
                    case 15: p += 4; break;                          // MethodHandle
                    case 9: case 10: case 11: case 12: case 17: case 18: p += 5; break;
                    default: return null;
                }
            }
            p += 2; // access flags
            p += 2; // this class
            int superIndex = u2(b, p);
            p += 2;
            String superName = superIndex == 0 ? null : className(b, offsets, superIndex);
            int n = u2(b, p);
            p += 2;
            List<String> interfaces = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                interfaces.add(className(b, offsets, u2(b, p)));
                p += 2;
            }
            return new ClassHeader(superName, Collections.unmodifiableList(interfaces));
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static String className(byte[] b, int[] offsets, int classIndex) {
        int nameIndex = u2(b, offsets[classIndex] + 1);
        int at = offsets[nameIndex];
        int length = u2(b, at + 1);
        return utf8(b, at + 3, length);
    }

    /** Class names are ASCII in practice; the modified UTF-8 of other characters is decoded too. */
    private static String utf8(byte[] b, int start, int length) {
        StringBuilder s = new StringBuilder(length);
        int i = start;
        int end = start + length;
        while (i < end) {
            int c = b[i] & 0xFF;
            if (c < 0x80) {
                s.append((char) c);
                i++;
            } else if ((c & 0xE0) == 0xC0) {
                s.append((char) (((c & 0x1F) << 6) | (b[i + 1] & 0x3F)));
                i += 2;
            } else {
                s.append((char) (((c & 0x0F) << 12) | ((b[i + 1] & 0x3F) << 6) | (b[i + 2] & 0x3F)));
                i += 3;
            }
        }
        return s.toString();
    }

    private static int u2(byte[] b, int p) {
        return ((b[p] & 0xFF) << 8) | (b[p + 1] & 0xFF);
    }

    private static long u4(byte[] b, int p) {
        return ((long) u2(b, p) << 16) | u2(b, p + 2);
    }
}
