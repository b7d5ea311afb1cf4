package io.jenkins.plugins.sdejobs.cli;

import io.jenkins.plugins.sdejobs.engine.Durations;
import io.jenkins.plugins.sdejobs.engine.JobKind;
import java.time.Duration;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Turns option text into domain values, with the engine's own wording for mistakes. */
final class Converters {
    private Converters() {
    }

    static final class Kind implements ITypeConverter<JobKind> {
        @Override
        public JobKind convert(String value) {
            try {
                return JobKind.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    static final class Dur implements ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            try {
                return Durations.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    /**
     * A connection: a positive id, or an alias, which is looked up when the command runs. Digits are always an id;
     * a blank or non-positive one is refused here, before anything is sent.
     */
    static final class ConnectionArg implements ITypeConverter<String> {
        @Override
        public String convert(String value) { return idOrName(value, "give a connection's id or its alias, not an empty value"); }
    }

    /** A project: a positive id, or a name looked up when the command runs; checked as {@link ConnectionArg} is. */
    static final class ProjectArg implements ITypeConverter<String> {
        @Override
        public String convert(String value) { return idOrName(value, "give a project's id or its name, not an empty value"); }
    }

    private static String idOrName(String value, String whenEmpty) {
        String v = value.strip();
        if (v.isEmpty()) {
            throw new TypeConversionException(whenEmpty);
        }
        if (v.matches("[+-]?\\d+")) {
            new Id().convert(v);
        }
        return v;
    }

    /** A positive id; picocli already refuses text that is not a number. */
    static final class Id implements ITypeConverter<Long> {
        @Override
        public Long convert(String value) {
            long id;
            try {
                id = Long.parseLong(value.strip());
            } catch (NumberFormatException e) {
                throw new TypeConversionException("'" + value + "' is not a numeric id");
            }
            if (id <= 0) {
                throw new TypeConversionException("'" + value + "' is not a valid id: ids are positive numbers");
            }
            return id;
        }
    }
}
