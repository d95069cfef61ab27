namespace HazardMm.Cli;

/// <summary>
/// Reads <c>--name value</c> and <c>--name=value</c> options against a fixed list of known names;
/// anything else is a <see cref="UsageException"/> that names the allowed options.
/// </summary>
public sealed class OptionReader
{
    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);

    public OptionReader(IReadOnlyList<string> args, string command, IReadOnlyCollection<string> valued, IReadOnlyCollection<string> flags)
    {
        string allowed = string.Join(", ", valued.Concat(flags).Select(n => "--" + n));
        for (int i = 0; i < args.Count; i++)
        {
            string arg = args[i];
            if (!arg.StartsWith("--", StringComparison.Ordinal) || arg.Length == 2)
            {
                throw new UsageException($"unexpected argument '{arg}' for '{command}'; options are {allowed}");
            }

            string name = arg[2..];
            string? value = null;
            int eq = name.IndexOf('=', StringComparison.Ordinal);
            if (eq >= 0)
            {
                value = name[(eq + 1)..];
                name = name[..eq];
            }

            if (flags.Contains(name))
            {
                if (value is not null)
                {
                    throw new UsageException($"--{name} takes no value");
                }

                value = "true";
            }
            else if (valued.Contains(name))
            {
                if (value is null)
                {
                    if (i + 1 >= args.Count)
                    {
                        throw new UsageException($"--{name} needs a value");
                    }

                    value = args[++i];
                }
            }
            else
            {
                throw new UsageException($"unknown option '--{name}' for '{command}'; options are {allowed}");
            }

            if (!_values.TryAdd(name, value))
            {
                throw new UsageException($"--{name} given twice");
            }
        }
    }

    public string? Get(string name) => _values.GetValueOrDefault(name);

    public bool Has(string name) => _values.ContainsKey(name);
}
