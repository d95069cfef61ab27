using HazardMm.Cpus;

namespace HazardMm.Ipi;

/// <summary>A measured IPI cost and where it came from, for a header line.</summary>
public sealed record IpiCostCalibration(TimeSpan Cost, string Source)
{
    /// <summary>
    /// The default of the IPI cost model (design.md#ipi-cost): this host's real IPI round trip where
    /// the OS lets user space time one, else the simulated mailbox's round trip, both measured now.
    /// </summary>
    public static IpiCostCalibration Measure()
    {
        if (RealIpi.RoundTrip() is TimeSpan real)
        {
            return new(real, "real IPI round trip, membarrier(MEMBARRIER_CMD_PRIVATE_EXPEDITED), measured at start");
        }

        string why = RealIpi.Available
            ? $"the membarrier partner thread was never seen running within {RealIpi.Budget.TotalMilliseconds:F0} ms: host loaded"
            : "no real IPI to time here";
        return new(MailboxRoundTrip.Measure(), $"simulated mailbox round trip measured at start ({why})");
    }

    /// <summary>A cost the user chose.</summary>
    public static IpiCostCalibration Given(TimeSpan cost) =>
        new(cost, cost == TimeSpan.Zero ? "--ipi-cost 0: the cost model is off" : "given with --ipi-cost");
}
