using HazardMm.Cpus;

namespace HazardMm.Ipi;

/// <summary>A measured IPI cost and where it came from, for a header line.</summary>
public sealed record IpiCostCalibration(TimeSpan Cost, string Source)
{
    /// <summary>
    /// The default of the IPI cost model (design.md#ipi-cost): this host's real IPI round trip where
    /// the OS lets user space time one, else the simulated mailbox's round trip, both measured now.
    /// </summary>
    public static IpiCostCalibration Measure() =>
        RealIpi.RoundTrip() is TimeSpan real
            ? new(real, "real IPI round trip, membarrier(MEMBARRIER_CMD_PRIVATE_EXPEDITED), measured at start")
            : new(MailboxRoundTrip.Measure(), "simulated mailbox round trip measured at start (no real IPI to time here)");

    /// <summary>A cost the user chose.</summary>
    public static IpiCostCalibration Given(TimeSpan cost) =>
        new(cost, cost == TimeSpan.Zero ? "--ipi-cost 0: the cost model is off" : "given with --ipi-cost");
}
