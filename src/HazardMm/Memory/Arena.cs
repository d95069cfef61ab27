using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace HazardMm.Memory;

/// <summary>
/// Native, zeroed, cache-line-aligned memory holding every word of shared simulation state. Lines are
/// 128 bytes (two 64-byte lines: adjacent-line prefetch makes 128 the false-sharing unit on x86), 16
/// words each. Native memory never moves, so a word's address is its identity for a store-buffer model.
/// </summary>
public sealed unsafe class Arena : IDisposable
{
    public const int LineBytes = 128;
    public const int WordsPerLine = LineBytes / sizeof(long);

    private readonly nint _address;
    private long* _base;

    public Arena(int lines)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(lines);
        Lines = lines;
        nuint bytes = (nuint)lines * LineBytes;
        _base = (long*)NativeMemory.AlignedAlloc(bytes, LineBytes);
        _address = (nint)_base;
        NativeMemory.Clear(_base, bytes);
    }

    public int Lines { get; }

    /// <summary>The address of word 0 of line 0: models key per-word state by offset from it.</summary>
    public nint Address => _address;

    /// <summary>Word <paramref name="word"/> of line <paramref name="line"/>. Hot paths hoist nothing else.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ref long Word(int line, int word)
    {
        Debug.Assert((uint)line < (uint)Lines && (uint)word < WordsPerLine * (uint)(Lines - line));
        return ref _base[(nint)line * WordsPerLine + word];
    }

    /// <summary>
    /// The (line, word) of an address inside this arena, or null if it is not one of its words.
    /// Pure arithmetic: still answers after <see cref="Dispose"/>, for naming the words of a log.
    /// </summary>
    public (int Line, int Word)? Locate(nint address)
    {
        long offset = address - _address;
        if (offset < 0 || offset >= (long)Lines * LineBytes || offset % sizeof(long) != 0)
        {
            return null;
        }

        long index = offset / sizeof(long);
        return ((int)(index / WordsPerLine), (int)(index % WordsPerLine));
    }

    /// <summary>Address of a word, for models that key state by location.</summary>
    public static nint AddressOf(ref long word) => (nint)Unsafe.AsPointer(ref word);

    public void Dispose()
    {
        if (_base != null)
        {
            NativeMemory.AlignedFree(_base);
            _base = null;
        }
    }
}
