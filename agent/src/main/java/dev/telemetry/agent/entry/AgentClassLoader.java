package dev.telemetry.agent.entry;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Paths;
import java.security.CodeSource;
import java.security.ProtectionDomain;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * The class loader of the agent's own classes, read straight from its jar. The application class
 * loader, which loads {@link AgentEntry}, spends most of premain's time finding, reading and checking
 * each class it loads (its class path, a resource object, the jar's manifest, a code source per class,
 * a look in the JDK's modules first), all of it Java code the JVM still runs interpreted; this loader
 * takes the class's bytes from the jar's {@code ZipFile}, whose directory the JVM has already read,
 * and defines it, which costs about a third as much per class.
 * <p>
 * Every class the jar holds first (the agent's, its relocated libraries, an extension bundled into it),
 * then its parent's: they are also in the jar for the application class loader, which the command
 * line and an extension's build use, and a host's class of the same name never stands in for one of
 * them. Left to the parent, so that each exists once in the JVM: this class and {@link AgentEntry},
 * and the bootstrap classes, which the agent injects into the JVM's boot loader and host classes call.
 */
public final class AgentClassLoader extends ClassLoader {
    static {
        // a lock per class name, not the loader's own: a host thread that loads one of its classes (and
        // so runs the agent's transformer) never waits for another that holds the whole loader
        registerAsParallelCapable();
    }

    /** Never in the agent's jar, and asked for most often. */
    private static final String JDK = "java.";
    private static final String OWN_RESOURCES = "dev/telemetry/agent/";
    private static final String SHARED_PACKAGE = "dev.telemetry.agent.bootstrap.";

    private final ZipFile jar;
    private final File file;
    private final ProtectionDomain domain;
    /** Where the agent's packages take their manifest attributes (the version) from. */
    private final Package model;

    private AgentClassLoader(ClassLoader parent, ZipFile jar, File file, ProtectionDomain domain, Package model) {
        super(parent);
        this.jar = jar;
        this.file = file;
        this.domain = domain;
        this.model = model;
    }

    /**
     * The loader for the agent's classes: this loader over the jar {@code entry} came from, or
     * {@code entry}'s own loader when the agent does not run from a jar (its own tests) or the jar
     * cannot be opened (the agent then runs as it would without this loader).
     */
    static ClassLoader of(Class<?> entry) {
        ClassLoader parent = entry.getClassLoader();
        try {
            ProtectionDomain domain = entry.getProtectionDomain();
            CodeSource source = domain.getCodeSource();
            URL url = source == null ? null : source.getLocation();
            if (url == null || !"file".equals(url.getProtocol())) {
                return parent;
            }
            File file = fileOf(url);
            if (!file.isFile()) {
                return parent;
            }
            // shares the directory the JVM read when it opened the jar for the application class loader
            return new AgentClassLoader(parent, new ZipFile(file), file, domain, entry.getPackage());
        } catch (Exception | LinkageError e) {
            return parent;
        }
    }

    /**
     * The file a {@code file:} URL names. The JDK writes a jar's path into its URL escaping what a URL
     * cannot hold as it is ({@code %20} for a space, non-ASCII letters); a path with no escape and no
     * host is the file's path as it stands, taken without parsing a {@code URI}, which is a good part of
     * a millisecond of interpreted code on the premain thread. Anything else goes through the URI.
     */
    static File fileOf(URL url) throws URISyntaxException {
        String path = url.getPath();
        String host = url.getHost();
        boolean plain = File.separatorChar == '/' && path.startsWith("/") && path.indexOf('%') < 0
                && (host == null || host.isEmpty()) && url.getQuery() == null && url.getRef() == null;
        return plain ? new File(path) : Paths.get(url.toURI()).toFile();
    }

    /**
     * The jar this loader reads, found once here from the entry class's code source: the agent's
     * other classes ask for it ({@code AgentJar}) rather than working it out again from their own.
     */
    public File jar() {
        return file;
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        if (name.startsWith(JDK) || isShared(name)) {
            return getParent().loadClass(name); // the JVM asks once per name and remembers the answer
        }
        synchronized (getClassLoadingLock(name)) {
            Class<?> c = findLoadedClass(name);
            if (c != null) {
                return c;
            }
            ZipEntry entry = jar.getEntry(name.replace('.', '/').concat(".class"));
            if (entry == null) {
                return getParent().loadClass(name); // not the agent's: the JDK's or the host's
            }
            byte[] bytes = bytes(entry);
            if (bytes == null) { // never from the parent instead: a second copy of an agent class
                throw new ClassNotFoundException(name + ": the agent jar's entry cannot be read");
            }
            definePackageOf(name);
            return defineClass(name, bytes, 0, bytes.length, domain);
        }
    }

    /** The agent's own resources from its jar only, never a file of that name elsewhere on the class path. */
    @Override
    public InputStream getResourceAsStream(String name) {
        if (!name.startsWith(OWN_RESOURCES)) {
            return super.getResourceAsStream(name);
        }
        ZipEntry e = jar.getEntry(name);
        try {
            return e == null ? null : jar.getInputStream(e);
        } catch (IOException ex) {
            return null;
        }
    }

    private static boolean isShared(String name) {
        return name.startsWith(SHARED_PACKAGE) || name.equals(AgentEntry.class.getName())
                || name.equals(AgentClassLoader.class.getName());
    }

    private byte[] bytes(ZipEntry e) {
        long size = e.getSize();
        try (InputStream in = jar.getInputStream(e)) {
            if (size < 0 || size > Integer.MAX_VALUE - 8) {
                return in.readAllBytes();
            }
            byte[] b = new byte[(int) size]; // one array, not readAllBytes' chunks: the directory says the size
            int n = in.readNBytes(b, 0, b.length);
            return n == b.length && in.read() < 0 ? b : null;
        } catch (IOException ex) {
            return null;
        }
    }

    /** With the jar's manifest attributes, as the application class loader defines it (the agent's version). */
    private void definePackageOf(String className) {
        int dot = className.lastIndexOf('.');
        if (dot < 0 || model == null) {
            return;
        }
        String name = className.substring(0, dot);
        if (getDefinedPackage(name) == null) {
            try {
                definePackage(name, model.getSpecificationTitle(), model.getSpecificationVersion(), model.getSpecificationVendor(),
                        model.getImplementationTitle(), model.getImplementationVersion(), model.getImplementationVendor(), null);
            } catch (IllegalArgumentException definedMeanwhile) {
                // another thread, loading another class of the package (the lock is per class name)
            }
        }
    }
}
