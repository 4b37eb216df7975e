using System.Text;

namespace LocalEntropy.Experiments;

/// <summary>Words of a POSIX shell command line: quoting for the commands we store and print, and reading them back.</summary>
public static class ShellWords
{
    /// <summary><paramref name="word"/> as a shell reads it back: plain when it is plainly safe, else in single quotes.</summary>
    public static string Quote(string word)
    {
        ArgumentNullException.ThrowIfNull(word);
        return word.Length > 0 && word.All(c => char.IsAsciiLetterOrDigit(c) || "_-+=.,:/@%".Contains(c, StringComparison.Ordinal))
            ? word
            : "'" + word.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
    }

    /// <summary>
    /// Splits a command line into words as a shell would for what <see cref="Quote"/> writes: white space separates,
    /// single quotes quote, and a backslash outside quotes escapes the next character.
    /// </summary>
    public static IReadOnlyList<string> Split(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        var words = new List<string>();
        var word = new StringBuilder();
        bool inWord = false;
        for (int i = 0; i < line.Length; i++)
        {
            char c = line[i];
            if (char.IsWhiteSpace(c))
            {
                if (inWord) words.Add(word.ToString());
                word.Clear();
                inWord = false;
                continue;
            }
            inWord = true;
            if (c == '\'')
            {
                int close = line.IndexOf('\'', i + 1);
                if (close < 0) throw new FormatException($"unclosed quote in '{line}'");
                word.Append(line, i + 1, close - i - 1);
                i = close;
            }
            else if (c == '\\' && i + 1 < line.Length)
            {
                word.Append(line[++i]);
            }
            else
            {
                word.Append(c);
            }
        }
        if (inWord) words.Add(word.ToString());
        return words;
    }
}
