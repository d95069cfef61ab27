using HazardMm.Cli;

using var signals = new StopSignals(Console.Error);
var session = new CliSession(
    Console.Out, Console.Error, TerminalMode.IsLive(), Environment.ProcessorCount, () => Random.Shared.NextInt64(1, 1L << 48), signals.Token);
return HazardMmCli.Run(args, session);
