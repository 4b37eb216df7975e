using System.Globalization;
using LocalEntropy.Problems;

namespace LocalEntropy.IO;

/// <summary>
/// DIMACS CNF: comment lines starting with `c`, one header `p cnf N M`, then M clauses of signed 1-based literals,
/// each ended by 0 (a clause may span lines, a line may hold several). Tolerates the `%` line (and the lone `0` after
/// it) that ends the files of public benchmark sets; everything else malformed is an error naming file and line.
/// </summary>
public static class DimacsFile
{
    /// <summary>Reads a formula; throws <see cref="InstanceFormatException"/> naming file and line.</summary>
    public static KSat Read(string path) => Parse(InstanceFormatException.ReadLines(path), path);

    /// <summary>Parses the lines of a CNF file; <paramref name="name"/> is used in error messages.</summary>
    public static KSat Parse(IReadOnlyList<string> lines, string name)
    {
        int variables = -1, declared = -1, headerLine = 0, lastLine = 0;
        var clauses = new List<int[]>();
        var clause = new List<int>();
        for (int i = 0; i < lines.Count; i++)
        {
            string line = lines[i].Trim();
            int lineNo = i + 1;
            if (line.Length == 0 || line[0] == 'c') continue;
            if (line[0] == 'p')
            {
                if (variables >= 0) throw new InstanceFormatException(name, lineNo, $"a second header (the first is on line {headerLine})");
                (variables, declared) = Header(line, name, lineNo);
                headerLine = lineNo;
                continue;
            }
            if (line[0] == '%')
            {
                // Benchmark trailer: '%' then a lone 0; nothing else may follow.
                for (int j = i + 1; j < lines.Count; j++)
                {
                    string rest = lines[j].Trim();
                    if (rest.Length > 0 && rest != "0" && rest[0] != 'c')
                        throw new InstanceFormatException(name, j + 1, $"'{rest}' after the '%' end marker");
                }
                break;
            }
            if (variables < 0) throw new InstanceFormatException(name, lineNo, "clause before the 'p cnf N M' header");
            foreach (string token in line.Split((char[])[' ', '\t'], StringSplitOptions.RemoveEmptyEntries))
            {
                if (!int.TryParse(token, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int literal))
                    throw new InstanceFormatException(name, lineNo, $"'{token}' is not an integer literal");
                if (literal == 0)
                {
                    if (clause.Count == 0) throw new InstanceFormatException(name, lineNo, "empty clause (a 0 with no literal before it)");
                    clauses.Add([.. clause]);
                    clause.Clear();
                    continue;
                }
                if (Math.Abs((long)literal) > variables)
                    throw new InstanceFormatException(name, lineNo, $"literal {literal} is out of range: the header declares {variables} variables");
                clause.Add(literal);
            }
            lastLine = lineNo;
        }
        if (variables < 0) throw new InstanceFormatException(name, 0, "no 'p cnf N M' header");
        if (clause.Count > 0) throw new InstanceFormatException(name, lastLine, "the last clause does not end with 0");
        if (clauses.Count != declared)
            throw new InstanceFormatException(name, headerLine, $"the header declares {declared} clauses, the file has {clauses.Count}");
        if (declared == 0) throw new InstanceFormatException(name, headerLine, "the formula has no clauses");
        return new KSat(variables, clauses);
    }

    /// <summary>Writes <paramref name="formula"/> with optional comment lines.</summary>
    public static void Write(KSat formula, TextWriter writer, IEnumerable<string>? comments = null)
    {
        ArgumentNullException.ThrowIfNull(formula);
        ArgumentNullException.ThrowIfNull(writer);
        foreach (string c in comments ?? []) writer.WriteLine($"c {c}");
        writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"p cnf {formula.N} {formula.M}"));
        for (int c = 0; c < formula.M; c++)
        {
            foreach (int literal in formula.Clause(c))
            {
                writer.Write(literal.ToString(CultureInfo.InvariantCulture));
                writer.Write(' ');
            }
            writer.WriteLine('0');
        }
    }

    private static (int Variables, int Clauses) Header(string line, string name, int lineNo)
    {
        string[] parts = line.Split((char[])[' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length != 4 || parts[0] != "p" || parts[1] != "cnf")
            throw new InstanceFormatException(name, lineNo, $"malformed header '{line}', expected 'p cnf N M'");
        if (!int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out int n) || n < 1)
            throw new InstanceFormatException(name, lineNo, $"the number of variables '{parts[2]}' is not a positive integer");
        if (!int.TryParse(parts[3], NumberStyles.None, CultureInfo.InvariantCulture, out int m))
            throw new InstanceFormatException(name, lineNo, $"the number of clauses '{parts[3]}' is not a non-negative integer");
        return (n, m);
    }
}
