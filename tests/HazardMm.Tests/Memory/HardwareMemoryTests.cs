using HazardMm.Memory;

namespace HazardMm.Tests.Memory;

/// <summary>The production seam behaves exactly as Volatile/Interlocked: return values and atomicity.</summary>
public sealed class HardwareMemoryTests : IDisposable
{
    private readonly Arena _arena = new(2);

    [Fact]
    public void LoadsAndStores_ReadBackWhatWasWritten()
    {
        ref long word = ref _arena.Word(0, 3);
        HardwareMemory.StoreRelaxed(ref word, 41);
        Assert.Equal(41, HardwareMemory.LoadRelaxed(ref word));
        HardwareMemory.StoreRelease(ref word, -7);
        Assert.Equal(-7, HardwareMemory.LoadAcquire(ref word));
    }

    [Fact]
    public void CompareExchange_ReturnsTheValueFound_AndStoresOnlyOnMatch()
    {
        ref long word = ref _arena.Word(0, 0);
        HardwareMemory.StoreRelaxed(ref word, 5);
        Assert.Equal(5, HardwareMemory.CompareExchange(ref word, 9, 4));
        Assert.Equal(5, HardwareMemory.LoadAcquire(ref word));
        Assert.Equal(5, HardwareMemory.CompareExchange(ref word, 9, 5));
        Assert.Equal(9, HardwareMemory.LoadAcquire(ref word));
    }

    [Fact]
    public void Exchange_ReturnsThePreviousValue_AndAddReturnsTheNewOne()
    {
        ref long word = ref _arena.Word(1, 15);
        HardwareMemory.StoreRelaxed(ref word, 2);
        Assert.Equal(2, HardwareMemory.Exchange(ref word, 10));
        Assert.Equal(13, HardwareMemory.Add(ref word, 3));
        Assert.Equal(12, HardwareMemory.Add(ref word, -1));
        HardwareMemory.FullFence();
        Assert.Equal(12, HardwareMemory.LoadAcquire(ref word));
    }

    [Fact]
    public void Add_And_CompareExchange_AreAtomicAcrossThreads()
    {
        const int PerThread = 200_000;
        var threads = new Thread[4];
        for (int t = 0; t < threads.Length; t++)
        {
            bool useCas = t % 2 == 1;
            threads[t] = new Thread(() =>
            {
                ref long counter = ref _arena.Word(0, 1);
                for (int i = 0; i < PerThread; i++)
                {
                    if (useCas)
                    {
                        long old = HardwareMemory.LoadRelaxed(ref counter);
                        long seen;
                        while ((seen = HardwareMemory.CompareExchange(ref counter, old + 1, old)) != old)
                        {
                            old = seen;
                        }
                    }
                    else
                    {
                        HardwareMemory.Add(ref counter, 1);
                    }
                }
            });
        }

        foreach (Thread thread in threads)
        {
            thread.Start();
        }

        foreach (Thread thread in threads)
        {
            thread.Join();
        }

        Assert.Equal(threads.Length * PerThread, HardwareMemory.LoadAcquire(ref _arena.Word(0, 1)));
    }

    [Fact]
    public unsafe void Arena_IsLineAligned_Zeroed_AndWordsOfOneLineAreAdjacent()
    {
        nint first = Arena.AddressOf(ref _arena.Word(0, 0));
        Assert.Equal(0, first % Arena.LineBytes);
        Assert.Equal(first + Arena.LineBytes, Arena.AddressOf(ref _arena.Word(1, 0)));
        Assert.Equal(first + sizeof(long), Arena.AddressOf(ref _arena.Word(0, 1)));
        for (int word = 0; word < Arena.WordsPerLine; word++)
        {
            Assert.Equal(0, _arena.Word(1, word));
        }
    }

    public void Dispose() => _arena.Dispose();
}
