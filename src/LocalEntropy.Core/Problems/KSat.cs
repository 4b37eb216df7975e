using LocalEntropy.Numerics;

namespace LocalEntropy.Problems;

/// <summary>
/// A CNF formula (ALGORITHMS.md §1.4): N Boolean variables, M clauses, each a disjunction of literals. Variable i is
/// spin i of a configuration, +1 for true; literal +v (1-based, as in DIMACS) is true when variable v − 1 is true,
/// literal −v when it is false. The energy is the number of violated clauses.
/// </summary>
public sealed class KSat : IFlipProblem
{
    private readonly int[] _clauseStart;
    private readonly int[] _literals;
    private readonly int[] _occurrenceStart;
    private readonly int[] _occurrenceClause;
    private readonly bool[] _occurrencePositive;
    private readonly bool[] _tautology;

    /// <summary>
    /// Builds a formula over <paramref name="variables"/> variables from clauses of DIMACS literals (±1 … ±N, no 0).
    /// A literal repeated in a clause counts once; a clause holding a variable and its negation is always satisfied.
    /// </summary>
    public KSat(int variables, IReadOnlyList<IReadOnlyList<int>> clauses)
    {
        ArgumentNullException.ThrowIfNull(clauses);
        ArgumentOutOfRangeException.ThrowIfLessThan(variables, 1);
        N = variables;
        M = clauses.Count;
        _clauseStart = new int[M + 1];
        _tautology = new bool[M];
        var literals = new List<int>();
        var occurrences = new int[N];
        for (int c = 0; c < M; c++)
        {
            IReadOnlyList<int> clause = clauses[c];
            if (clause.Count == 0) throw new ArgumentException($"clause {c + 1} is empty", nameof(clauses));
            int start = literals.Count;
            foreach (int literal in clause)
            {
                if (literal == 0 || Math.Abs((long)literal) > N)
                    throw new ArgumentException($"clause {c + 1}: literal {literal} is not one of ±1 … ±{N}", nameof(clauses));
                // Clauses are short: a linear scan for repeats is cheaper than a set.
                bool repeat = false;
                for (int i = start; i < literals.Count; i++)
                {
                    repeat |= literals[i] == literal;
                    _tautology[c] |= literals[i] == -literal;
                }
                if (!repeat) literals.Add(literal);
            }
            _clauseStart[c + 1] = literals.Count;
            // A tautology never changes state, so flips need not visit it.
            if (_tautology[c]) continue;
            for (int i = start; i < literals.Count; i++) occurrences[Math.Abs(literals[i]) - 1]++;
        }
        _literals = [.. literals];
        for (int c = 0; c < M; c++) MaxClauseLength = Math.Max(MaxClauseLength, _clauseStart[c + 1] - _clauseStart[c]);
        // Occurrence lists, variable by variable (compressed rows): which clauses each variable appears in, and how.
        _occurrenceStart = new int[N + 1];
        for (int v = 0; v < N; v++) _occurrenceStart[v + 1] = _occurrenceStart[v] + occurrences[v];
        _occurrenceClause = new int[_occurrenceStart[N]];
        _occurrencePositive = new bool[_occurrenceStart[N]];
        var next = _occurrenceStart[..N];
        for (int c = 0; c < M; c++)
        {
            if (_tautology[c]) continue;
            for (int i = _clauseStart[c]; i < _clauseStart[c + 1]; i++)
            {
                int v = Math.Abs(_literals[i]) - 1;
                _occurrenceClause[next[v]] = c;
                _occurrencePositive[next[v]++] = _literals[i] > 0;
            }
        }
    }

    /// <summary>Number of variables N.</summary>
    public int N { get; }

    /// <summary>Number of clauses M.</summary>
    public int M { get; }

    /// <summary>Literals in the longest clause (K for K-SAT).</summary>
    public int MaxClauseLength { get; }

    /// <summary>α = M/N.</summary>
    public double Alpha => (double)M / N;

    /// <inheritdoc />
    public int Size => N;

    /// <inheritdoc />
    public int Constraints => M;

    /// <summary>The literals of clause <paramref name="c"/> (DIMACS numbering).</summary>
    public ReadOnlySpan<int> Clause(int c) => _literals.AsSpan(_clauseStart[c], _clauseStart[c + 1] - _clauseStart[c]);

    /// <summary>True when literal <paramref name="literal"/> holds in <paramref name="config"/>.</summary>
    internal static bool Holds(int literal, SpinVector config) => (config[Math.Abs(literal) - 1] > 0) == (literal > 0);

    /// <inheritdoc />
    public int Errors(SpinVector config)
    {
        CheckConfig(config);
        int violated = 0;
        for (int c = 0; c < M; c++)
        {
            bool satisfied = false;
            foreach (int literal in Clause(c))
            {
                if (Holds(literal, config))
                {
                    satisfied = true;
                    break;
                }
            }
            if (!satisfied) violated++;
        }
        return violated;
    }

    /// <inheritdoc />
    /// <remarks>Only the violated-clause count is defined as a move energy for a formula.</remarks>
    public IFlipState CreateState(SpinVector start, MoveEnergy energy)
    {
        CheckConfig(start);
        energy.Validate();
        if (energy.Kind != MoveEnergyKind.Errors)
            throw new ArgumentException($"K-SAT supports the error-count move energy only, got {energy}", nameof(energy));
        return CreateSatState(start);
    }

    /// <summary>The incremental state with the make/break counts that focused local search reads.</summary>
    internal KSatFlipState CreateSatState(SpinVector start)
    {
        CheckConfig(start);
        return new KSatFlipState(this, start);
    }

    internal ReadOnlySpan<int> ClauseStarts => _clauseStart;

    internal ReadOnlySpan<int> Literals => _literals;

    internal ReadOnlySpan<int> OccurrenceStarts => _occurrenceStart;

    internal ReadOnlySpan<int> OccurrenceClauses => _occurrenceClause;

    internal ReadOnlySpan<bool> OccurrencePositive => _occurrencePositive;

    /// <summary>True for a clause that holds a variable and its negation.</summary>
    internal bool IsTautology(int c) => _tautology[c];

    private void CheckConfig(SpinVector config)
    {
        ArgumentNullException.ThrowIfNull(config);
        if (config.Length != N)
            throw new ArgumentException($"assignment has {config.Length} variables, the formula has N = {N}", nameof(config));
    }
}

/// <summary>
/// An assignment of a formula with the counts that make single flips cheap: per clause the number of true literals
/// and the XOR of their variables, which is the clause's critical variable when the count is one (no scan of the
/// clause to find it); per variable its break count (the
/// clauses it alone satisfies, which a flip would violate) and make count (the violated clauses it appears in, which a
/// flip would satisfy); and the list of violated clauses, for picking one at random. A flip touches the clauses the
/// variable occurs in: O(occurrences · K).
/// </summary>
internal sealed class KSatFlipState : IFlipState
{
    private readonly KSat _formula;
    private readonly SpinVector _assignment;
    // Per clause c, side by side so a flip's random visit to a clause touches one cache line: [2c] the number of true
    // literals, [2c + 1] the XOR of their variables.
    private readonly int[] _truth;
    private readonly int[] _break;
    private readonly int[] _make;
    private readonly int[] _violated;
    private readonly int[] _violatedIndex;
    private int _violatedCount;

    public KSatFlipState(KSat formula, SpinVector start)
    {
        _formula = formula;
        _assignment = start.Clone();
        _truth = new int[2 * formula.M];
        _break = new int[formula.N];
        _make = new int[formula.N];
        _violated = new int[formula.M];
        _violatedIndex = new int[formula.M];
        Recompute();
    }

    public SpinVector Configuration => _assignment;

    public long Energy => _violatedCount;

    public int Errors => _violatedCount;

    /// <summary>Number of violated clauses; <see cref="ViolatedClause"/> lists them.</summary>
    public int ViolatedCount => _violatedCount;

    /// <summary>The <paramref name="i"/>-th violated clause (in no particular order).</summary>
    public int ViolatedClause(int i) => _violated[i];

    /// <summary>Clauses that flipping <paramref name="v"/> would violate.</summary>
    public int Break(int v) => _break[v];

    /// <summary>Violated clauses that flipping <paramref name="v"/> would satisfy.</summary>
    public int Make(int v) => _make[v];

    public int DeltaEnergy(int j) => _break[j] - _make[j];

    public void Flip(int j)
    {
        _assignment.Flip(j);
        bool nowTrue = _assignment[j] > 0;
        ReadOnlySpan<int> starts = _formula.OccurrenceStarts, clauses = _formula.OccurrenceClauses;
        ReadOnlySpan<bool> positive = _formula.OccurrencePositive;
        for (int o = starts[j]; o < starts[j + 1]; o++)
        {
            int c = clauses[o];
            int truth = _truth[2 * c + 1] ^= j;
            if (positive[o] == nowTrue)
            {
                int count = ++_truth[2 * c];
                if (count == 1)
                {
                    Satisfied(c);
                    _break[j]++;
                }
                else if (count == 2)
                {
                    _break[truth ^ j]--;
                }
            }
            else
            {
                int count = --_truth[2 * c];
                if (count == 0)
                {
                    _break[j]--;
                    Violated(c);
                }
                else if (count == 1)
                {
                    _break[truth]++;
                }
            }
        }
    }

    public void Reset(SpinVector config)
    {
        _assignment.CopyFrom(config);
        Recompute();
    }

    private void Recompute()
    {
        Array.Clear(_break);
        Array.Clear(_make);
        _violatedCount = 0;
        for (int c = 0; c < _formula.M; c++)
        {
            if (_formula.IsTautology(c)) continue;
            int count = 0, truth = 0;
            foreach (int literal in _formula.Clause(c))
            {
                if (!KSat.Holds(literal, _assignment)) continue;
                count++;
                truth ^= Math.Abs(literal) - 1;
            }
            _truth[2 * c] = count;
            _truth[2 * c + 1] = truth;
            if (count == 1)
            {
                _break[truth]++;
            }
            else if (count == 0)
            {
                Violated(c);
            }
        }
    }

    private void Violated(int c)
    {
        _violatedIndex[c] = _violatedCount;
        _violated[_violatedCount++] = c;
        foreach (int literal in _formula.Clause(c)) _make[Math.Abs(literal) - 1]++;
    }

    private void Satisfied(int c)
    {
        // Swap-remove from the violated list.
        int i = _violatedIndex[c], last = _violated[--_violatedCount];
        _violated[i] = last;
        _violatedIndex[last] = i;
        foreach (int literal in _formula.Clause(c)) _make[Math.Abs(literal) - 1]--;
    }
}
