package io.jenkins.plugins.sdejobs;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jenkinsci.plugins.structs.describable.CustomDescribableModel;
import org.jenkinsci.plugins.structs.describable.UninstantiatedDescribable;

/**
 * For descriptors whose {@code connection} (or {@code project}) takes an id or a name, and so is a String: a script
 * written for ids passes a number ({@code connection: 12}), which the model would refuse, so it becomes the same
 * text; and the Snippet Generator writes an id as a number again, as the user chose it.
 */
public interface ConnectionArgument extends CustomDescribableModel {
    /** The arguments that take an id or a name. */
    List<String> ID_OR_NAME = List.of("connection", "project");

    @Override
    default Map<String, Object> customInstantiate(Map<String, Object> arguments) {
        Map<String, Object> copy = new LinkedHashMap<>(arguments);
        for (String arg : ID_OR_NAME) {
            if (arguments.get(arg) instanceof Number n) {
                copy.put(arg, Long.toString(n.longValue()));
            }
        }
        return copy;
    }

    @Override
    default UninstantiatedDescribable customUninstantiate(UninstantiatedDescribable ud) {
        Map<String, Object> args = new LinkedHashMap<>(ud.getArguments());
        boolean changed = false;
        for (String arg : ID_OR_NAME) {
            if (args.get(arg) instanceof String s && s.matches("\\d{1,18}")) {
                args.put(arg, Long.parseLong(s));
                changed = true;
            }
        }
        return changed ? ud.withArguments(args) : ud;
    }
}
