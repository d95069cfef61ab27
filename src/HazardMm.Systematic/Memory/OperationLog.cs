using System.Text;

namespace HazardMm.Systematic.Memory;

/// <summary>
/// Every shared-memory operation of one iteration, in the order the controlled schedule ran them:
/// what a replay shows a person (CPU, operation, location, value).
/// </summary>
public sealed class OperationLog
{
    private readonly List<Entry> _entries = [];

    public IReadOnlyList<Entry> Entries => _entries;

    public void Record(int cpu, string operation, nint address, long value) =>
        _entries.Add(new Entry(_entries.Count + 1, cpu, operation, address, value));

    /// <summary>A kernel event between the memory operations (a switch, a free), for the reader.</summary>
    public void RecordEvent(int cpu, string operation, string what) =>
        _entries.Add(new Entry(_entries.Count + 1, cpu, operation, 0, 0) { What = what });

    /// <summary>
    /// The log as text, one step a line, with locations named by <paramref name="nameOf"/> and values
    /// shown by <paramref name="valueOf"/> (plain numbers when null).
    /// </summary>
    public string Format(Func<nint, string> nameOf, Func<nint, long, string>? valueOf = null, int? lastSteps = null)
    {
        var text = new StringBuilder();
        int first = lastSteps is int n ? Math.Max(0, _entries.Count - n) : 0;
        if (first > 0)
        {
            text.AppendLine($"... {first} earlier steps omitted");
        }

        for (int i = first; i < _entries.Count; i++)
        {
            Entry e = _entries[i];
            string cpu = e.Cpu < 0 ? "setup" : $"CPU {e.Cpu}";
            if (e.What is not null)
            {
                text.AppendLine($"{e.Step,6}  {cpu,-6} {e.Operation,-16} {e.What}");
                continue;
            }

            string value = valueOf?.Invoke(e.Address, e.Value) ?? e.Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
            text.AppendLine($"{e.Step,6}  {cpu,-6} {e.Operation,-16} {nameOf(e.Address),-28} = {value}");
        }

        return text.ToString();
    }

    /// <summary>One step: a memory operation on a word, or (with <see cref="What"/>) a kernel event.</summary>
    public readonly record struct Entry(int Step, int Cpu, string Operation, nint Address, long Value)
    {
        public string? What { get; init; }
    }
}
