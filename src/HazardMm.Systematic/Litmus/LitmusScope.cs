namespace HazardMm.Systematic.Litmus;

/// <summary>
/// What the final condition, <c>filter</c> and <c>locations</c> may name once every process is read: the
/// processes' registers and the shared locations (design.md#litmus).
/// </summary>
internal sealed class LitmusScope(IReadOnlyList<LitmusProcessScope> processes, IReadOnlyList<string> locations)
{
    public void CheckRegister(LitmusCursor cursor, int line, long process, string register)
    {
        if (process >= processes.Count)
        {
            throw cursor.Malformed(line, $"{process}:{register} names P{process}, but the processes are P0 to P{processes.Count - 1}");
        }

        if (!processes[(int)process].IsRegister(register))
        {
            throw cursor.Malformed(line, $"{process}:{register}: P{process} neither declares nor assigns a register {register}");
        }
    }

    public void CheckLocation(LitmusCursor cursor, int line, string location)
    {
        if (!locations.Contains(location, StringComparer.Ordinal))
        {
            throw cursor.Malformed(line, $"{location} is not a location: no process has it as a parameter (locations: {string.Join(", ", locations)})");
        }
    }
}
