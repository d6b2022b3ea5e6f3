package io.tributary.transport.options;

import java.lang.reflect.Array;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.TypeConversionException;

/**
 * The one rule for option values on every Tributary command line (the {@code tributary} commands and the actor
 * process): integers are decimal (underscores allowed), a boolean option always takes a value ({@code arity = "1"})
 * that is exactly {@code true} or {@code false}, enum
 * values are their lower-case names, and a bad value gets one message shape, "must be REQUIREMENT, was 'VALUE'",
 * which the caller prefixes with the option's name. Converters report only the requirement; {@link #problem} adds
 * the value.
 */
public final class OptionValues {

    private OptionValues() {}

    /** The message body for a bad value: {@code must be an integer, was 'x'} ({@code ; was} after a list of choices). */
    public static String mustBe(String requirement, String value) {
        return "must be " + requirement + (requirement.startsWith("one of ") ? "; was '" : ", was '") + value + "'";
    }

    /** Installs the converters of this rule on {@code cl} (and its subcommands added so far), for the given enum types too. */
    @SafeVarargs
    public static CommandLine install(CommandLine cl, Class<? extends Enum<?>>... enums) {
        cl.registerConverter(Integer.class, OptionValues::integer);
        cl.registerConverter(Integer.TYPE, OptionValues::integer);
        cl.registerConverter(Long.class, OptionValues::longInteger);
        cl.registerConverter(Long.TYPE, OptionValues::longInteger);
        cl.registerConverter(Double.class, OptionValues::number);
        cl.registerConverter(Double.TYPE, OptionValues::number);
        cl.registerConverter(Boolean.class, OptionValues::bool);
        cl.registerConverter(Boolean.TYPE, OptionValues::bool);
        for (Class<? extends Enum<?>> e : enums) register(cl, e);
        return cl;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static void register(CommandLine cl, Class<? extends Enum<?>> type) {
        cl.registerConverter((Class) type, (ITypeConverter) v -> choice(type, v));
    }

    public static int integer(String v) {
        try {
            return Integer.parseInt(v.trim().replace("_", ""));
        } catch (NumberFormatException e) {
            throw new TypeConversionException("an integer");
        }
    }

    public static long longInteger(String v) {
        try {
            return Long.parseLong(v.trim().replace("_", ""));
        } catch (NumberFormatException e) {
            throw new TypeConversionException("an integer");
        }
    }

    public static double number(String v) {
        try {
            return Double.parseDouble(v.trim());
        } catch (NumberFormatException e) {
            throw new TypeConversionException("a number");
        }
    }

    /** Strict: {@code Boolean.parseBoolean} would read a typo ("ture", "yes") as false without a word. */
    public static boolean bool(String v) {
        return switch (v) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new TypeConversionException("one of true, false");
        };
    }

    public static <E extends Enum<?>> E choice(Class<E> type, String v) {
        for (E e : type.getEnumConstants()) if (e.name().toLowerCase(Locale.ROOT).equals(v)) return e;
        throw new TypeConversionException("one of " + Arrays.stream(type.getEnumConstants())
                .map(e -> e.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(", ")));
    }

    /** An integer >= 1. */
    public static final class Positive implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String v) {
            try {
                int n = Integer.parseInt(v.trim().replace("_", ""));
                if (n >= 1) return n;
            } catch (NumberFormatException e) {
                // named below
            }
            throw new TypeConversionException("an integer >= 1");
        }
    }

    /** A number >= 0. */
    public static final class NonNegative implements ITypeConverter<Double> {
        @Override
        public Double convert(String v) {
            try {
                double x = Double.parseDouble(v.trim());
                if (x >= 0) return x;
            } catch (NumberFormatException e) {
                // named below
            }
            throw new TypeConversionException("a number >= 0");
        }
    }

    /** Checks {@code value} of option {@code name} against [min, max]; a value outside is a usage error naming the option. */
    public static long inRange(CommandSpec spec, String name, long value, long min, long max) {
        if (value < min || value > max) {
            throw new ParameterException(spec.commandLine(), mustBe("in [" + min + ", " + max + "]", Long.toString(value)),
                    spec.findOption(name), Long.toString(value));
        }
        return value;
    }

    /** A usage error about option {@code name} of {@code spec}: {@code body} says what is wrong with its value. */
    public static ParameterException bad(CommandSpec spec, String name, String body) {
        OptionSpec o = spec.findOption(name);
        return new ParameterException(spec.commandLine(), body, o, o == null ? null : String.valueOf((Object) o.getValue()));
    }

    /**
     * What is wrong with one option's value, without the option's name: the converter's requirement and the value
     * for a conversion failure, else the exception's own message.
     */
    public static String problem(ParameterException e) {
        if (e.getCause() instanceof TypeConversionException t) return mustBe(t.getMessage(), e.getValue());
        return e.getMessage();
    }

    /** The option an exception is about, as typed ({@code --seed}), or null. */
    public static String optionName(ParameterException e) {
        ArgSpec a = e.getArgSpec();
        return a instanceof OptionSpec o ? o.longestName() : null;
    }

    /** The non-help options of a command, as {@code --a, --b} ({@code (none)} when it has none). */
    public static String optionList(CommandSpec spec) {
        List<String> names = new ArrayList<>();
        for (OptionSpec o : spec.options()) if (!o.usageHelp() && !o.versionHelp()) names.add(o.longestName());
        return names.isEmpty() ? "(none)" : String.join(", ", names);
    }

    /**
     * The {@code --name value} arguments that recreate a parsed command object: every option that has a value, in
     * declaration order, formatted as the converters above read them back.
     */
    public static String[] toArgs(CommandSpec spec) {
        List<String> args = new ArrayList<>();
        for (OptionSpec o : spec.options()) {
            if (o.usageHelp() || o.versionHelp()) continue;
            Object v = o.getValue();
            if (v == null) continue;
            args.add(o.longestName());
            args.add(format(v));
        }
        return args.toArray(String[]::new);
    }

    private static String format(Object v) {
        if (v instanceof Enum<?> e) return e.name().toLowerCase(Locale.ROOT);
        if (v instanceof Path p) return p.toString();
        if (v.getClass().isArray()) {
            List<String> parts = new ArrayList<>();
            for (int i = 0; i < Array.getLength(v); i++) parts.add(format(Array.get(v, i)));
            return String.join(",", parts);
        }
        return v.toString();
    }
}
