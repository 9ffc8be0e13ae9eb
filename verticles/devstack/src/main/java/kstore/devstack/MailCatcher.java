package kstore.devstack;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.store.StoredMessage;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.sun.net.httpserver.HttpServer;
import jakarta.mail.MessagingException;

/**
 * The dev/test mail catcher: a GreenMail SMTP server on 127.0.0.1 that accepts every mail (any recipient, any
 * AUTH) and keeps it in memory, plus a read-only web page on another port listing what arrived (see
 * {@link MailPages}). Runs inside the owning JVM; other nodes on the same data dir reach it through its ports.
 * Mails live as long as this JVM: a restart of the dev run starts with an empty inbox.
 */
final class MailCatcher implements AutoCloseable {

    private final GreenMail smtp;
    private final HttpServer web;
    private final ExecutorService webThreads;
    private final int smtpPort;
    private final int webPort;
    private final Map<StoredMessage, Boolean> seen = new IdentityHashMap<>();
    private final Map<String, CaughtMail> byMessageId = new LinkedHashMap<>();
    private final List<CaughtMail> arrived = new ArrayList<>();
    private long sequence;

    private MailCatcher(GreenMail smtp, HttpServer web, ExecutorService webThreads, int smtpPort, int webPort) {
        this.smtp = smtp;
        this.web = web;
        this.webThreads = webThreads;
        this.smtpPort = smtpPort;
        this.webPort = webPort;
    }

    /** Starts SMTP on {@code smtpPort} and the web page on {@code webPort}; a port in use → {@link Server.PortTaken}. */
    static MailCatcher start(int smtpPort, int webPort) throws IOException {
        ServerSetup setup = new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP);
        setup.setServerStartupTimeout(10_000);
        GreenMail smtp = new GreenMail(setup).withConfiguration(GreenMailConfiguration.aConfig().withDisabledAuthentication());
        try {
            smtp.start();
        } catch (RuntimeException e) {
            smtp.stop();
            throw Server.bindFailure(e, "mail catcher: SMTP port " + smtpPort + " taken");
        }
        HttpServer web;
        try {
            web = HttpServer.create(new InetSocketAddress("127.0.0.1", webPort), 16);
        } catch (IOException e) {
            smtp.stop();
            throw Server.bindFailure(e, "mail catcher: web port " + webPort + " taken");
        }
        ExecutorService threads = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "kstore-devstack-mail-web");
            t.setDaemon(true);
            return t;
        });
        MailCatcher catcher = new MailCatcher(smtp, web, threads, smtpPort, webPort);
        web.createContext("/", new MailPages(catcher));
        web.setExecutor(threads);
        web.start();
        return catcher;
    }

    int smtpPort() {
        return smtpPort;
    }

    int webPort() {
        return webPort;
    }

    String pageUrl() {
        return "http://127.0.0.1:" + webPort + "/";
    }

    /**
     * Every mail received so far, newest first. One entry per Message-ID: GreenMail stores a copy per recipient.
     */
    synchronized List<CaughtMail> mails() {
        List<StoredMessage> fresh = new ArrayList<>();
        for (StoredMessage m : smtp.getManagers().getImapHostManager().getAllMessages()) {
            if (seen.put(m, Boolean.TRUE) == null) {
                fresh.add(m);
            }
        }
        fresh.sort(Comparator.comparing(StoredMessage::getReceivedDate));
        for (StoredMessage m : fresh) {
            String messageId = messageId(m);
            if (messageId != null && byMessageId.containsKey(messageId)) {
                continue;
            }
            CaughtMail mail = CaughtMail.of(++sequence, m.getMimeMessage(), m.getReceivedDate().toInstant());
            arrived.add(mail);
            if (messageId != null) {
                byMessageId.put(messageId, mail);
            }
        }
        List<CaughtMail> newestFirst = new ArrayList<>(arrived);
        Collections.reverse(newestFirst);
        return newestFirst;
    }

    private static String messageId(StoredMessage m) {
        try {
            return m.getMimeMessage().getMessageID();
        } catch (MessagingException e) {
            return null;
        }
    }

    @Override
    public void close() {
        web.stop(0);
        webThreads.shutdownNow();
        smtp.stop();
    }

    @Override
    public String toString() {
        return "mail smtp :" + smtpPort + " web :" + webPort;
    }
}
