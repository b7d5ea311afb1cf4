package io.jenkins.plugins.sdejobs.engine;

import java.util.OptionalLong;

/** A project named by id or by name ({@link SdeClient#projectIdAsync}); this checks the id form before anything is sent. */
public final class ProjectNames {
    private ProjectNames() {
    }

    /** The id that {@code text} gives outright, if it is one: digits, a positive number. */
    public static OptionalLong id(String text) { return Names.id(text, "project"); }
}
