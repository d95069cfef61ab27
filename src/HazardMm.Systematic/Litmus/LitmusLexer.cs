using System.Globalization;

namespace HazardMm.Systematic.Litmus;

/// <summary>
/// Splits a litmus file (after its <c>C NAME</c> line) into tokens, in two modes as herd7 does
/// (design.md#litmus). At top level (initial state, condition) comments are OCaml's <c>(* ... *)</c>,
/// nesting, and <c>/\</c>, <c>\/</c> are single tokens. From a process header <c>P0</c> to the brace that
/// closes its body the text is C: <c>(*x)</c> is not a comment there, and comments are <c>/* */</c> and
/// <c>//</c>. The top-level comments are kept for the header's <c>Result:</c> line; a quoted string at
/// top level (herd7's generated tests describe themselves so) is skipped like a comment.
/// </summary>
internal sealed class LitmusLexer
{
    private static readonly string[] CPunctuation =
        ["==", "!=", "<=", ">=", "&&", "||", "++", "--", "+=", "-=", "->", "<<", ">>"];

    private const string SinglePunctuation = "(){}[];,*=:~&+-/%!<>|^?.\\";

    private readonly string _text;
    private readonly string _path;
    private readonly List<LitmusToken> _tokens = [];
    private readonly List<LitmusComment> _comments = [];
    private int _position;
    private int _line;
    private bool _inProcess;
    private int _processBraces;

    private LitmusLexer(string text, int start, int line, string path)
    {
        _text = text;
        _position = start;
        _line = line;
        _path = path;
    }

    /// <summary>The tokens from <paramref name="start"/> (on <paramref name="line"/>) on, ending with an end token.</summary>
    public static (IReadOnlyList<LitmusToken> Tokens, IReadOnlyList<LitmusComment> Comments) Lex(string text, int start, int line, string path)
    {
        var lexer = new LitmusLexer(text, start, line, path);
        lexer.Run();
        return (lexer._tokens, lexer._comments);
    }

    private void Run()
    {
        while (_position < _text.Length)
        {
            char c = _text[_position];
            if (c == '\n')
            {
                _line++;
                _position++;
            }
            else if (char.IsWhiteSpace(c))
            {
                _position++;
            }
            else if (!_inProcess && StartsWith("(*"))
            {
                SkipOCamlComment();
            }
            else if (!_inProcess && c == '"')
            {
                SkipDocString();
            }
            else if (_inProcess && StartsWith("/*"))
            {
                SkipCBlockComment();
            }
            else if (_inProcess && StartsWith("//"))
            {
                while (_position < _text.Length && _text[_position] != '\n')
                {
                    _position++;
                }
            }
            else if (char.IsAsciiLetter(c) || c == '_' || char.IsAsciiDigit(c))
            {
                Word();
            }
            else
            {
                Punctuation(c);
            }
        }

        _tokens.Add(new LitmusToken(LitmusTokenKind.End, "", _line));
    }

    private void Word()
    {
        int start = _position;
        while (_position < _text.Length && (char.IsAsciiLetterOrDigit(_text[_position]) || _text[_position] == '_'))
        {
            _position++;
        }

        string word = _text[start.._position];
        bool number = char.IsAsciiDigit(word[0]);
        _tokens.Add(new LitmusToken(number ? LitmusTokenKind.Number : LitmusTokenKind.Identifier, word, _line));
        if (!_inProcess && !number && IsProcessName(word))
        {
            // A process header: C from here to the brace that closes its body.
            _inProcess = true;
            _processBraces = 0;
        }
    }

    private void Punctuation(char c)
    {
        string? mark = null;
        if (!_inProcess && (StartsWith("/\\") || StartsWith("\\/")))
        {
            mark = _text.Substring(_position, 2);
        }
        else if (_inProcess)
        {
            mark = Array.Find(CPunctuation, StartsWith);
        }

        if (mark is null && SinglePunctuation.Contains(c, StringComparison.Ordinal))
        {
            mark = c.ToString();
        }

        if (mark is null)
        {
            string shown = char.IsControl(c) || char.IsSurrogate(c) || c > '~'
                ? $"U+{(int)c:X4}"
                : $"'{c}'";
            throw new LitmusFormatException(_path, _line, $"unexpected character {shown}", unsupported: false);
        }

        _tokens.Add(new LitmusToken(LitmusTokenKind.Punctuation, mark, _line));
        _position += mark.Length;
        if (_inProcess && mark == "{")
        {
            _processBraces++;
        }
        else if (_inProcess && mark == "}" && --_processBraces <= 0)
        {
            _inProcess = false;
        }
    }

    private void SkipOCamlComment()
    {
        int openLine = _line;
        int start = _position;
        int depth = 0;
        while (_position < _text.Length)
        {
            if (StartsWith("(*"))
            {
                depth++;
                _position += 2;
            }
            else if (StartsWith("*)"))
            {
                _position += 2;
                if (--depth == 0)
                {
                    _comments.Add(new LitmusComment(openLine, _text[start.._position]));
                    return;
                }
            }
            else
            {
                _line += _text[_position] == '\n' ? 1 : 0;
                _position++;
            }
        }

        throw new LitmusFormatException(_path, openLine, "comment '(*' is never closed by '*)'", unsupported: false);
    }

    /// <summary>A quoted line at top level, as herd7's generated tests put under the name: a description, skipped.</summary>
    private void SkipDocString()
    {
        int end = _text.IndexOfAny(['"', '\n'], _position + 1);
        if (end < 0 || _text[end] != '"')
        {
            throw new LitmusFormatException(_path, _line, "string '\"' is not closed on its line", unsupported: false);
        }

        _position = end + 1;
    }

    private void SkipCBlockComment()
    {
        int openLine = _line;
        int end = _text.IndexOf("*/", _position + 2, StringComparison.Ordinal);
        if (end < 0)
        {
            throw new LitmusFormatException(_path, openLine, "comment '/*' is never closed by '*/'", unsupported: false);
        }

        _line += _text.AsSpan(_position, end - _position).Count('\n');
        _position = end + 2;
    }

    private bool StartsWith(string mark) => string.CompareOrdinal(_text, _position, mark, 0, mark.Length) == 0;

    /// <summary><c>P</c> followed by decimal digits: a process header's name.</summary>
    public static bool IsProcessName(string word) =>
        word.Length > 1 && word[0] == 'P' && word.AsSpan(1).IndexOfAnyExceptInRange('0', '9') < 0;

    /// <summary>The process id of a <see cref="IsProcessName"/> word, or null when it does not fit an int.</summary>
    public static int? ProcessId(string word) =>
        int.TryParse(word.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out int id) ? id : null;
}

/// <summary>A top-level OCaml comment and the line it opens on.</summary>
internal readonly record struct LitmusComment(int Line, string Text);
