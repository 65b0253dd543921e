package dev.genserver.cluster;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.StreamSerializer;
import dev.genserver.app.ExactJson;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.Externalizable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InvalidObjectException;
import java.io.ObjectInputStream;
import java.io.ObjectOutput;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamClass;
import java.io.OutputStream;
import java.io.Serializable;

/**
 * Java serialization, as Hazelcast's own, except that a JSON value keeps every digit: the member's serializer for
 * every {@link Serializable} it sends or backs up (a message and its reply, a process's state), set in place of
 * Hazelcast's Java serialization ({@code overrideJavaSerialization}).
 *
 * <p>Why: a Jackson {@code JsonNode} serializes itself as its JSON text and reads that text back with Jackson's
 * default mapper, which makes a double of every decimal. A value stored as {@code 1.10} came back from another
 * member, or from a backup after failover, as {@code 1.1}, and {@code 1E+400} as {@code "Infinity"}; on one
 * instance, where nothing is serialized, it stays as sent. So the text is written under a form of ours and read
 * back with {@link ExactJson}.
 */
final class ExactJavaSerialization implements StreamSerializer<Object> {

    /** Any positive id no other serializer of the member uses. */
    static final int TYPE_ID = 7_1001;
    private static final String JACKSON_NODE_FORM = "tools.jackson.databind.node.NodeSerialization";

    @Override
    public int getTypeId() {
        return TYPE_ID;
    }

    /** Into the member's own stream, as Hazelcast's Java serializer writes (its outputs are streams); not closed. */
    @Override
    public void write(ObjectDataOutput out, Object object) throws IOException {
        ObjectOutputStream stream = new Writer((OutputStream) out);
        stream.writeObject(object);
        stream.flush();
    }

    /** Classes from the member's class loader, as Hazelcast's Java serializer finds them. */
    @Override
    public Object read(ObjectDataInput in) throws IOException {
        ClassLoader classes = in.getClassLoader() != null ? in.getClassLoader()
                : ExactJavaSerialization.class.getClassLoader();
        try {
            return new Reader((InputStream) in, classes).readObject();
        } catch (ClassNotFoundException unknown) {
            throw (InvalidObjectException) new InvalidObjectException(unknown.getMessage()).initCause(unknown);
        }
    }

    /** A JSON value's text, in place of Jackson's own form. */
    private record Json(byte[] text) implements Serializable { }

    private static final class Writer extends ObjectOutputStream {

        Writer(OutputStream out) throws IOException {
            super(out);
            enableReplaceObject(true);
        }

        /** Jackson's form of a {@code JsonNode} (its {@code writeReplace}) holds the exact text: it is kept. */
        @Override
        protected Object replaceObject(Object object) throws IOException {
            if (object instanceof Externalizable form && form.getClass().getName().equals(JACKSON_NODE_FORM)) {
                Capture capture = new Capture();
                form.writeExternal(capture); // its length, then its text
                byte[] written = capture.bytes.toByteArray();
                byte[] text = new byte[written.length - Integer.BYTES];
                System.arraycopy(written, Integer.BYTES, text, 0, text.length);
                return new Json(text);
            }
            return object;
        }
    }

    private static final class Reader extends ObjectInputStream {

        private final ClassLoader classes;

        Reader(InputStream in, ClassLoader classes) throws IOException {
            super(in);
            this.classes = classes;
            enableResolveObject(true);
        }

        @Override
        protected Class<?> resolveClass(ObjectStreamClass descriptor) throws IOException, ClassNotFoundException {
            try {
                return Class.forName(descriptor.getName(), false, classes);
            } catch (ClassNotFoundException notOurs) {
                return super.resolveClass(descriptor); // primitives' classes
            }
        }

        @Override
        protected Object resolveObject(Object object) {
            return object instanceof Json json ? ExactJson.read(json.text()) : object;
        }
    }

    /** What {@code writeExternal} writes, as bytes. */
    private static final class Capture extends DataOutputStream implements ObjectOutput {

        final ByteArrayOutputStream bytes;

        Capture() {
            this(new ByteArrayOutputStream());
        }

        private Capture(ByteArrayOutputStream bytes) {
            super(bytes);
            this.bytes = bytes;
        }

        @Override
        public void writeObject(Object object) {
            throw new UnsupportedOperationException("a JSON value's form writes bytes only");
        }
    }
}
