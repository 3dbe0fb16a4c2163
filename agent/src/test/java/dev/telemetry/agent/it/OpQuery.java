package dev.telemetry.agent.it;

import org.bson.BsonBinaryWriter;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.codecs.BsonDocumentCodec;
import org.bson.codecs.EncoderContext;
import org.bson.io.BasicOutputBuffer;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/** Sends one legacy OP_QUERY command, the way old drivers did; modern drivers use OP_MSG. */
final class OpQuery {
    private OpQuery() {}

    static void command(int port, String command) throws IOException {
        BasicOutputBuffer bson = new BasicOutputBuffer();
        new BsonDocumentCodec().encode(new BsonBinaryWriter(bson), new BsonDocument(command, new BsonInt32(1)),
                EncoderContext.builder().build());
        byte[] doc = bson.toByteArray();
        byte[] ns = "admin.$cmd\0".getBytes(StandardCharsets.US_ASCII);
        ByteBuffer msg = ByteBuffer.allocate(16 + 4 + ns.length + 8 + doc.length).order(ByteOrder.LITTLE_ENDIAN);
        msg.putInt(msg.capacity()).putInt(1).putInt(0).putInt(2004); // header: length, requestID, responseTo, OP_QUERY
        msg.putInt(0).put(ns).putInt(0).putInt(-1).put(doc);          // flags, namespace, skip, return
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write(msg.array());
            out.flush();
            DataInputStream in = new DataInputStream(s.getInputStream());
            byte[] len = new byte[4];
            in.readFully(len);
            int length = ByteBuffer.wrap(len).order(ByteOrder.LITTLE_ENDIAN).getInt();
            in.readFully(new byte[length - 4]); // the reply
        }
    }
}
