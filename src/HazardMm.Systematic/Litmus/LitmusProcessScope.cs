namespace HazardMm.Systematic.Litmus;

/// <summary>
/// What one process has named so far while its body is read: its parameters (the locations it may
/// touch) and its registers (declared, or assigned as herd7 allows without a declaration).
/// </summary>
internal sealed class LitmusProcessScope(int id, IReadOnlyList<string> parameters)
{
    private readonly HashSet<string> _registers = new(StringComparer.Ordinal);

    public string Name => $"P{id}";

    public bool IsParameter(string name) => parameters.Contains(name, StringComparer.Ordinal);

    public bool IsRegister(string name) => _registers.Contains(name);

    public void AddRegister(string name) => _registers.Add(name);

    /// <summary>The parameter list as an error message shows it.</summary>
    public string DescribeParameters() => parameters.Count == 0 ? "none" : string.Join(", ", parameters);
}
