package dev.telemetry.servers.hosts;

import org.apache.commons.net.ftp.FTP;
import org.apache.commons.net.ftp.FTPClient;
import org.apache.ftpserver.DataConnectionConfigurationFactory;
import org.apache.ftpserver.FtpServer;
import org.apache.ftpserver.FtpServerFactory;
import org.apache.ftpserver.ftplet.UserManager;
import org.apache.ftpserver.listener.Listener;
import org.apache.ftpserver.listener.ListenerFactory;
import org.apache.ftpserver.usermanager.PropertiesUserManagerFactory;
import org.apache.ftpserver.usermanager.impl.BaseUser;
import org.apache.ftpserver.usermanager.impl.WritePermission;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;

/**
 * Apache FtpServer on 127.0.0.1 and a known workload through commons-net's FTPClient. Canary user,
 * password, file and directory names and file contents must never reach a report.
 */
public final class FtpHost {
    static FTPClient ftp;

    public static void main(String[] args) {
        Host.run(() -> serve());
    }

    static void serve() throws Exception {
        File home = Files.createTempDirectory("ftp-host").toFile();
        FtpServerFactory serverFactory = new FtpServerFactory();
        ListenerFactory lf = new ListenerFactory();
        lf.setServerAddress("127.0.0.1");
        lf.setPort(0);
        DataConnectionConfigurationFactory data = new DataConnectionConfigurationFactory();
        data.setPassiveAddress("127.0.0.1");
        data.setPassivePorts("0");
        lf.setDataConnectionConfiguration(data.createDataConnectionConfiguration());
        Listener listener = lf.createListener();
        serverFactory.addListener("default", listener);
        UserManager users = new PropertiesUserManagerFactory().createUserManager();
        BaseUser user = new BaseUser();
        user.setName("canaryuser7f3a");
        user.setPassword("canary-secret-7f3a");
        user.setHomeDirectory(home.getAbsolutePath());
        user.setAuthorities(List.of(new WritePermission()));
        users.save(user);
        serverFactory.setUserManager(users);
        FtpServer server = serverFactory.createServer();
        server.start();

        ftp = new FTPClient();
        ftp.setConnectTimeout(10_000);
        ftp.setDefaultTimeout(10_000);
        ftp.connect("127.0.0.1", listener.getPort());                                      // 220, no command
        ftp.sendCommand("PWD");                                                             // 530 from the handler, no command class
        Host.check(!ftp.login("canaryuser7f3a", "canary-wrong-7f3a"), "a wrong password"); // USER 331, PASS 530
        Host.check(ftp.login("canaryuser7f3a", "canary-secret-7f3a"), "login");            // USER 331, PASS 230
        Host.check(ftp.setFileType(FTP.BINARY_FILE_TYPE), "type");                         // TYPE 200
        ftp.sendCommand("OPTS", "UTF8 ON");                                                 // OPTS (runs OPTS_UTF8 inside) 200
        ftp.sendSiteCommand("HELP");                                                        // SITE (runs SITE_HELP inside) 200
        ftp.enterLocalPassiveMode();
        byte[] body = "canary-body-7f3a".getBytes(StandardCharsets.UTF_8);
        Host.check(ftp.storeFile("canary-file-7f3a.txt", new ByteArrayInputStream(body)), "stor"); // PASV, STOR 150 226
        Host.check(ftp.retrieveFile("canary-file-7f3a.txt", new ByteArrayOutputStream()), "retr"); // PASV, RETR 150 226
        Host.check(!ftp.retrieveFile("canary-missing-7f3a.txt", new ByteArrayOutputStream()), "retr missing"); // PASV, RETR 550
        Host.check(ftp.listNames() != null, "nlst");                                       // PASV, NLST 150 226
        Host.check(ftp.makeDirectory("canary-dir-7f3a"), "mkd");                           // MKD 257
        Host.check(!ftp.changeWorkingDirectory("canary-nodir-7f3a"), "cwd missing");       // CWD 550
        Host.check(!ftp.deleteFile("canary-missing-7f3a.txt"), "dele missing");            // DELE 450
        Host.check(ftp.deleteFile("canary-file-7f3a.txt"), "dele");                        // DELE 250
        Host.check(ftp.removeDirectory("canary-dir-7f3a"), "rmd");                         // RMD 250
        ftp.sendCommand("XCANARY7F3A");                                                     // 502 from the handler, no command class
        ftp.logout();                                                                       // QUIT 221
        ftp.disconnect();
        Host.done(server::stop);
    }
}
