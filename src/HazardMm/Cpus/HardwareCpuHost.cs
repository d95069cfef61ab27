namespace HazardMm.Cpus;

/// <summary>
/// CPUs as dedicated OS threads, CPU i pinned to allowed host core i mod cores. More CPUs than cores
/// is allowed: that is how a vCPU-oversubscribed host is modelled, and then every CPU thread's
/// cpu_relax yields at each spin step (<see cref="CpuRelaxPolicy"/>). A pin failure is reported in
/// <see cref="IRunningCpus.Placement"/>, never fatal.
/// </summary>
public sealed class HardwareCpuHost : ICpuHost
{
    private readonly bool _pin;

    public HardwareCpuHost(bool pin = true)
    {
        _pin = pin;
    }

    public IRunningCpus Start(int cpus, Action<int> body) => new RunningThreads(cpus, body, _pin);

    private sealed class RunningThreads : IRunningCpus
    {
        private readonly Thread[] _threads;
        private readonly string?[] _pinErrors;
        private readonly int[] _cores;
        private readonly bool _pin;
        private readonly CountdownEvent _pinned;
        private readonly RelaxMode _relax;

        public RunningThreads(int cpus, Action<int> body, bool pin)
        {
            _pin = pin;
            _cores = ThreadAffinity.AllowedCores();
            _relax = CpuRelaxPolicy.For(cpus, _cores.Length);
            _pinErrors = new string?[cpus];
            _pinned = new CountdownEvent(cpus);
            _threads = new Thread[cpus];
            for (int i = 0; i < cpus; i++)
            {
                int cpu = i;
                _threads[i] = new Thread(() => CpuThread(cpu, body))
                {
                    IsBackground = true,
                    Name = $"cpu{cpu}",
                };
            }

            foreach (Thread thread in _threads)
            {
                thread.Start();
            }

            _pinned.Wait();
        }

        public string Placement
        {
            get
            {
                int cpus = _threads.Length;
                string fit = _relax == RelaxMode.Yield
                    ? $"{cpus} CPUs on {_cores.Length} host cores (oversubscribed: cpu_relax yields)"
                    : $"{cpus} CPUs on {_cores.Length} host cores";
                if (!_pin)
                {
                    return fit + ", unpinned";
                }

                string[] errors = [.. _pinErrors.Where(e => e is not null).Distinct()!];
                return errors.Length == 0 ? fit + ", pinned" : $"{fit}, pinning failed: {string.Join("; ", errors)}";
            }
        }

        public bool Join(TimeSpan timeout)
        {
            DateTime deadline = DateTime.UtcNow + timeout;
            foreach (Thread thread in _threads)
            {
                TimeSpan left = deadline - DateTime.UtcNow;
                if (left < TimeSpan.Zero || !thread.Join(left))
                {
                    return false;
                }
            }

            return true;
        }

        private void CpuThread(int cpu, Action<int> body)
        {
            if (_pin)
            {
                _pinErrors[cpu] = ThreadAffinity.PinCurrentThread(_cores[cpu % _cores.Length]);
            }

            CpuRelaxPolicy.Current = _relax;
            _pinned.Signal();
            body(cpu);
        }
    }
}
