using HazardMm.Cli;

return HazardMmCli.Run(args, Console.Out, Console.Error);
