package dev.openproxy.e2e;

import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Stops the shared {@link ProxyStack} when the JUnit Platform session ends, after every engine ran (registered in
 * {@code META-INF/services}). A Jupiter extension alone would stop it before the jqwik engine's properties run.
 */
public final class ProxyStackSessionListener implements LauncherSessionListener {

    @Override
    public void launcherSessionClosed(LauncherSession session) {
        ProxyStack.stop();
    }
}
