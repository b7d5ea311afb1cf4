package io.jenkins.plugins.sdejobs;

import java.util.LinkedHashMap;
import java.util.Map;
import org.jenkinsci.plugins.structs.describable.CustomDescribableModel;
import org.jenkinsci.plugins.structs.describable.UninstantiatedDescribable;

/**
 * For descriptors whose {@code connection} takes an id or an alias, and so is a String: a script written for ids
 * passes a number ({@code connection: 12}), which the model would refuse, so it becomes the same text; and the
 * Snippet Generator writes an id as a number again, as the user chose it.
 */
public interface ConnectionArgument extends CustomDescribableModel {
    @Override
    default Map<String, Object> customInstantiate(Map<String, Object> arguments) {
        if (!(arguments.get("connection") instanceof Number n)) {
            return arguments;
        }
        Map<String, Object> copy = new LinkedHashMap<>(arguments);
        copy.put("connection", Long.toString(n.longValue()));
        return copy;
    }

    @Override
    default UninstantiatedDescribable customUninstantiate(UninstantiatedDescribable ud) {
        if (!(ud.getArguments().get("connection") instanceof String s) || !s.matches("\\d{1,18}")) {
            return ud;
        }
        Map<String, Object> args = new LinkedHashMap<>(ud.getArguments());
        args.put("connection", Long.parseLong(s));
        return ud.withArguments(args);
    }
}
