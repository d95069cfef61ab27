using System.Runtime.CompilerServices;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using HazardMm.Memory;

namespace HazardMm.Benchmarks;

/// <summary>
/// The seam (design.md#seam) against the CLR calls it stands for: each op through
/// <c>TMem</c> = <see cref="HardwareMemory"/> in a generic caller, as protocol code calls it, vs the
/// same op as a direct <c>Volatile</c>/<c>Interlocked</c> call. One op per padded-arena word over
/// <see cref="Words"/> words, so no load can be hoisted out of the loop. Each category's raw op is
/// its baseline: a ratio of 1.00 means the seam costs nothing.
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class SeamBenchmarks : IDisposable
{
    private const int Words = 1024;
    private Arena? _arena;

    [GlobalSetup]
    public void Setup() => _arena = new Arena(Words);

    [GlobalCleanup]
    public void Dispose()
    {
        _arena?.Dispose();
        _arena = null;
        GC.SuppressFinalize(this);
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Words), BenchmarkCategory("LoadAcquire")]
    public long RawLoadAcquire()
    {
        long sum = 0;
        for (int i = 0; i < Words; i++)
        {
            sum += Volatile.Read(ref Word(i));
        }

        return sum;
    }

    [Benchmark(OperationsPerInvoke = Words), BenchmarkCategory("LoadAcquire")]
    public long SeamLoadAcquire() => LoadAcquire<HardwareMemory>();

    [Benchmark(Baseline = true, OperationsPerInvoke = Words), BenchmarkCategory("LoadRelaxed")]
    public long RawLoadRelaxed()
    {
        long sum = 0;
        for (int i = 0; i < Words; i++)
        {
            sum += Word(i);
        }

        return sum;
    }

    [Benchmark(OperationsPerInvoke = Words), BenchmarkCategory("LoadRelaxed")]
    public long SeamLoadRelaxed() => LoadRelaxed<HardwareMemory>();

    [Benchmark(Baseline = true, OperationsPerInvoke = Words), BenchmarkCategory("StoreRelease")]
    public void RawStoreRelease()
    {
        for (int i = 0; i < Words; i++)
        {
            Volatile.Write(ref Word(i), i);
        }
    }

    [Benchmark(OperationsPerInvoke = Words), BenchmarkCategory("StoreRelease")]
    public void SeamStoreRelease() => StoreRelease<HardwareMemory>();

    [Benchmark(Baseline = true, OperationsPerInvoke = Words), BenchmarkCategory("StoreRelaxed")]
    public void RawStoreRelaxed()
    {
        for (int i = 0; i < Words; i++)
        {
            Word(i) = i;
        }
    }

    [Benchmark(OperationsPerInvoke = Words), BenchmarkCategory("StoreRelaxed")]
    public void SeamStoreRelaxed() => StoreRelaxed<HardwareMemory>();

    [Benchmark(Baseline = true, OperationsPerInvoke = Words), BenchmarkCategory("CompareExchange")]
    public long RawCompareExchange()
    {
        long sum = 0;
        for (int i = 0; i < Words; i++)
        {
            sum += Interlocked.CompareExchange(ref Word(i), i, 0);
        }

        return sum;
    }

    [Benchmark(OperationsPerInvoke = Words), BenchmarkCategory("CompareExchange")]
    public long SeamCompareExchange() => CompareExchange<HardwareMemory>();

    [Benchmark(Baseline = true, OperationsPerInvoke = Words), BenchmarkCategory("Exchange")]
    public long RawExchange()
    {
        long sum = 0;
        for (int i = 0; i < Words; i++)
        {
            sum += Interlocked.Exchange(ref Word(i), i);
        }

        return sum;
    }

    [Benchmark(OperationsPerInvoke = Words), BenchmarkCategory("Exchange")]
    public long SeamExchange() => Exchange<HardwareMemory>();

    [Benchmark(Baseline = true, OperationsPerInvoke = Words), BenchmarkCategory("Add")]
    public long RawAdd()
    {
        long sum = 0;
        for (int i = 0; i < Words; i++)
        {
            sum += Interlocked.Add(ref Word(i), 1);
        }

        return sum;
    }

    [Benchmark(OperationsPerInvoke = Words), BenchmarkCategory("Add")]
    public long SeamAdd() => Add<HardwareMemory>();

    [Benchmark(Baseline = true, OperationsPerInvoke = Words), BenchmarkCategory("FullFence")]
    public void RawFullFence()
    {
        for (int i = 0; i < Words; i++)
        {
            Interlocked.MemoryBarrier();
        }
    }

    [Benchmark(OperationsPerInvoke = Words), BenchmarkCategory("FullFence")]
    public void SeamFullFence() => FullFence<HardwareMemory>();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ref long Word(int i) => ref _arena!.Word(i, 0);

    private long LoadAcquire<TMem>()
        where TMem : struct, IMemoryModel
    {
        long sum = 0;
        for (int i = 0; i < Words; i++)
        {
            sum += TMem.LoadAcquire(ref Word(i));
        }

        return sum;
    }

    private long LoadRelaxed<TMem>()
        where TMem : struct, IMemoryModel
    {
        long sum = 0;
        for (int i = 0; i < Words; i++)
        {
            sum += TMem.LoadRelaxed(ref Word(i));
        }

        return sum;
    }

    private void StoreRelease<TMem>()
        where TMem : struct, IMemoryModel
    {
        for (int i = 0; i < Words; i++)
        {
            TMem.StoreRelease(ref Word(i), i);
        }
    }

    private void StoreRelaxed<TMem>()
        where TMem : struct, IMemoryModel
    {
        for (int i = 0; i < Words; i++)
        {
            TMem.StoreRelaxed(ref Word(i), i);
        }
    }

    private long CompareExchange<TMem>()
        where TMem : struct, IMemoryModel
    {
        long sum = 0;
        for (int i = 0; i < Words; i++)
        {
            sum += TMem.CompareExchange(ref Word(i), i, 0);
        }

        return sum;
    }

    private long Exchange<TMem>()
        where TMem : struct, IMemoryModel
    {
        long sum = 0;
        for (int i = 0; i < Words; i++)
        {
            sum += TMem.Exchange(ref Word(i), i);
        }

        return sum;
    }

    private long Add<TMem>()
        where TMem : struct, IMemoryModel
    {
        long sum = 0;
        for (int i = 0; i < Words; i++)
        {
            sum += TMem.Add(ref Word(i), 1);
        }

        return sum;
    }

    private void FullFence<TMem>()
        where TMem : struct, IMemoryModel
    {
        for (int i = 0; i < Words; i++)
        {
            TMem.FullFence();
        }
    }
}
