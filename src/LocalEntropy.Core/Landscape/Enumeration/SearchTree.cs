using System.Numerics;

namespace LocalEntropy.Landscape.Enumeration;

/// <summary>
/// A set of solutions found at once: the synapses of <see cref="Prefix"/> above the low <see cref="FreeBits"/> bits are
/// fixed, and every one of the 2^FreeBits settings of the low bits is a solution.
/// </summary>
/// <remarks>
/// Synapse s (unit after unit, as in the problems' configurations) is bit S − 1 − s of a packed configuration, so the
/// depth-first search meets solutions in ascending numeric order and a cube is one contiguous range.
/// </remarks>
internal readonly record struct Cube(ulong Prefix, int FreeBits)
{
    /// <summary>Number of solutions in the cube.</summary>
    public long Size => 1L << FreeBits;
}

/// <summary>Receives the cubes of one subtree in search order.</summary>
internal interface ICubeSink
{
    void Add(Cube cube);
}

/// <summary>
/// The instance in the form the search wants: K units of N synapses each, and for every synapse its column of signed
/// inputs x^μ over the patterns. A perceptron is the case K = 1.
/// </summary>
internal sealed record SearchProblem(int N, int K, int P, Func<int, ReadOnlySpan<sbyte>> Column)
{
    /// <summary>Number of synapses S = N·K.</summary>
    public int Size => N * K;
}

/// <summary>
/// Branch and bound over the synapses in order, with the partial field of every pattern in vector lanes. Unit k's
/// synapses are decided one after the other; a pattern is lost when fewer than a majority of units can still end
/// with a positive field (unit k can while h + r &gt; 0, r its undecided synapses), and a whole subtree is a
/// solution cube when a majority is already certain (h − r &gt; 0). For a perceptron (K = 1) this is: prune when some
/// h ≤ −r, accept every completion when all h &gt; r.
/// </summary>
internal sealed class SearchTree<TLanes>
    where TLanes : struct, ILaneBlock<TLanes>
{
    // Completed units hold a count of positive fields per lane; padding lanes start far above any majority so they
    // never prune and never block a cube.
    private const sbyte PaddingCount = 100;

    private readonly TLanes[] _columns;
    private readonly sbyte[] _remaining;
    private readonly sbyte[] _neededMinusOne;
    private readonly bool[] _unitEnds;
    private readonly ulong[] _bits;
    private readonly sbyte _majorityMinusOne;
    private readonly bool _single;

    public SearchTree(SearchProblem problem)
    {
        if (problem.P > TLanes.Lanes) throw new ArgumentException($"{problem.P} patterns exceed the {TLanes.Lanes} lanes", nameof(problem));
        Size = problem.Size;
        int majority = (problem.K + 1) / 2;
        _single = problem.K == 1;
        _majorityMinusOne = (sbyte)(majority - 1);
        _columns = new TLanes[Size];
        _remaining = new sbyte[Size];
        _neededMinusOne = new sbyte[Size];
        _unitEnds = new bool[Size];
        _bits = new ulong[Size];
        var lanes = new sbyte[TLanes.Lanes];
        for (int s = 0; s < Size; s++)
        {
            problem.Column(s)[..problem.P].CopyTo(lanes);
            _columns[s] = TLanes.Load(lanes);
            int unit = s / problem.N, j = s % problem.N;
            _remaining[s] = (sbyte)(problem.N - j - 1);
            // Units after this one are untouched and may all still end positive.
            _neededMinusOne[s] = (sbyte)(majority - (problem.K - 1 - unit) - 1);
            _unitEnds[s] = j == problem.N - 1;
            _bits[s] = 1UL << (Size - 1 - s);
        }
        Array.Fill(lanes, PaddingCount, problem.P, lanes.Length - problem.P);
        Array.Clear(lanes, 0, problem.P);
        RootCounts = TLanes.Load(lanes);
        // A single unit is never reset, so its padding lanes can sit high in the fields themselves.
        RootFields = _single ? RootCounts : default;
    }

    /// <summary>Number of synapses.</summary>
    public int Size { get; }

    /// <summary>No unit completed yet: zero positive fields on real lanes.</summary>
    private TLanes RootCounts { get; }

    /// <summary>No synapse decided: zero fields on real lanes.</summary>
    private TLanes RootFields { get; }

    /// <summary>
    /// A subtree still to search (or, when <see cref="IsCube"/>, a cube found above the split depth): the synapses
    /// before <see cref="Depth"/> are set in <see cref="Prefix"/>.
    /// </summary>
    public readonly record struct Node(int Depth, TLanes Fields, TLanes Counts, ulong Prefix, bool IsCube);

    /// <summary>The roots of the subtrees at <paramref name="depth"/> that may hold solutions, and the cubes above it, in search order.</summary>
    public List<Node> Split(int depth)
    {
        var nodes = new List<Node>();
        var walker = new Walker(this, null, StopSignal.Never) { SplitDepth = depth, SplitNodes = nodes };
        walker.Descend(0, RootFields, RootCounts, 0);
        return nodes;
    }

    /// <summary>Searches the subtree of <paramref name="node"/>, giving its cubes to <paramref name="sink"/>; returns the nodes visited and whether it finished.</summary>
    public (long Nodes, bool Finished) Search(Node node, ICubeSink sink, StopSignal stop)
    {
        if (node.IsCube)
        {
            sink.Add(new Cube(node.Prefix, Size - node.Depth));
            return (1, true);
        }
        var walker = new Walker(this, sink, stop);
        walker.Descend(node.Depth, node.Fields, node.Counts, node.Prefix);
        return (walker.Nodes, !walker.Stopped);
    }

    /// <summary>The per-thread state of one depth-first search.</summary>
    private sealed class Walker(SearchTree<TLanes> tree, ICubeSink? sink, StopSignal stop)
    {
        public int SplitDepth { get; init; } = int.MaxValue;

        public List<Node>? SplitNodes { get; init; }

        public long Nodes { get; private set; }

        public bool Stopped { get; private set; }

        /// <summary>Decides synapse <paramref name="s"/> both ways; <paramref name="fields"/> are the partial fields of its unit.</summary>
        public void Descend(int s, TLanes fields, TLanes counts, ulong prefix)
        {
            if (s == SplitDepth)
            {
                SplitNodes!.Add(new Node(s, fields, counts, prefix, IsCube: false));
                return;
            }
            // Polled, not checked per node: reading the clock per node would cost more than the node.
            if ((++Nodes & 0xFFF) == 0 && stop.Now) Stopped = true;
            if (Stopped) return;
            TLanes column = tree._columns[s];
            Branch(s, TLanes.Subtract(fields, column), counts, prefix);
            Branch(s, TLanes.Add(fields, column), counts, prefix | tree._bits[s]);
        }

        private void Branch(int s, TLanes fields, TLanes counts, ulong prefix)
        {
            sbyte r = tree._remaining[s];
            bool possible, certain;
            if (tree._single)
            {
                // One unit: its field is the output, no vote to count.
                possible = TLanes.AllGreaterThan(fields, (sbyte)-r);
                certain = possible && TLanes.AllGreaterThan(fields, r);
            }
            else
            {
                possible = TLanes.AllGreaterThan(TLanes.Subtract(counts, TLanes.GreaterThanMask(fields, (sbyte)-r)), tree._neededMinusOne[s]);
                certain = possible && TLanes.AllGreaterThan(TLanes.Subtract(counts, TLanes.GreaterThanMask(fields, r)), tree._majorityMinusOne);
            }
            if (!possible) return;
            if (certain)
            {
                if (SplitNodes is not null) SplitNodes.Add(new Node(s + 1, default, default, prefix, IsCube: true));
                else sink!.Add(new Cube(prefix, tree.Size - s - 1));
                return;
            }
            if (tree._unitEnds[s])
            {
                // The unit is complete (r = 0): its sign joins the counts and the next unit starts from zero fields.
                Descend(s + 1, default, TLanes.Subtract(counts, TLanes.GreaterThanMask(fields, 0)), prefix);
            }
            else
            {
                Descend(s + 1, fields, counts, prefix);
            }
        }
    }
}

/// <summary>Sums the sizes of the cubes.</summary>
internal sealed class CountSink : ICubeSink
{
    public long Count { get; private set; }

    public void Add(Cube cube) => Count += cube.Size;
}

/// <summary>Keeps the cubes in order (they expand to the solutions in ascending order).</summary>
internal sealed class CubeListSink : ICubeSink
{
    public List<Cube> Cubes { get; } = [];

    public long Count { get; private set; }

    public void Add(Cube cube)
    {
        Cubes.Add(cube);
        Count += cube.Size;
    }
}

/// <summary>
/// Counts solutions by Hamming distance to a reference: a cube whose fixed part is at distance d0 adds C(r, i)
/// solutions at distance d0 + i.
/// </summary>
internal sealed class DistanceSink(ulong reference, long[] counts, long[][] binomials) : ICubeSink
{
    public long[] Counts => counts;

    public long Count { get; private set; }

    public void Add(Cube cube)
    {
        ulong fixedMask = cube.FreeBits == 64 ? 0 : ~0UL << cube.FreeBits;
        int d0 = BitOperations.PopCount((cube.Prefix ^ reference) & fixedMask);
        long[] row = binomials[cube.FreeBits];
        for (int i = 0; i <= cube.FreeBits; i++) counts[d0 + i] += row[i];
        Count += cube.Size;
    }
}
