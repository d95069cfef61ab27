namespace HazardMm.Cli;

/// <summary>
/// How a long command shows its progress: plain lines when output is redirected (what CI greps),
/// or a live display in a terminal. The commands say the same things to both.
/// </summary>
public interface IRunView
{
    /// <summary>A line to keep (a header, a verdict, a summary): printed as is in both views.</summary>
    void Line(string text);

    /// <summary>Starts showing one unit of work (a case, a mutant) that will reach <paramref name="total"/>.</summary>
    IRunItem Start(string label, double total);

    /// <summary>Runs <paramref name="work"/> with the view active (the live display draws while it runs).</summary>
    T Run<T>(Func<T> work);
}

/// <summary>One unit of work on an <see cref="IRunView"/>.</summary>
public interface IRunItem
{
    /// <summary>
    /// A sample (torture's per-second rates) at <paramref name="done"/> of the total: the plain view
    /// prints <paramref name="line"/>, the live view shows the shorter <paramref name="status"/>
    /// beside the item. Called from any thread.
    /// </summary>
    void Sample(double done, string line, string status);

    /// <summary>
    /// Progress only the live view shows: <paramref name="done"/> of the total, and optionally a new
    /// status beside the item (the verdict so far). Called from any thread.
    /// </summary>
    void Progress(double done, string? status = null);

    /// <summary>The item is over; <paramref name="verdict"/> is what the live view leaves beside it.</summary>
    void Finish(string verdict);
}
