using System.Numerics;
using LocalEntropy.Numerics;

namespace LocalEntropy.Landscape;

/// <summary>How many clusters of one size there are.</summary>
public readonly record struct ClusterSizeCount(long Size, long Clusters);

/// <summary>The connected components of a solution set under single flips.</summary>
/// <param name="Clusters">Number of components.</param>
/// <param name="Largest">Solutions in the largest component.</param>
/// <param name="Sizes">The histogram of component sizes, largest size first.</param>
public sealed record ClusterSummary(long Clusters, long Largest, IReadOnlyList<ClusterSizeCount> Sizes);

/// <summary>
/// Every solution of a small instance (at most 64 synapses), packed one per 64-bit word and sorted: synapse s is bit
/// Size − 1 − s, so ascending order is the lexicographic order of the ± strings with − before +.
/// </summary>
public sealed class SolutionSet
{
    private readonly ulong[] _configs;

    internal SolutionSet(int size, ulong[] sortedConfigs)
    {
        Size = size;
        _configs = sortedConfigs;
    }

    /// <summary>Synapses per configuration.</summary>
    public int Size { get; }

    /// <summary>Number of solutions.</summary>
    public int Count => _configs.Length;

    /// <summary>Solution <paramref name="index"/> (in order).</summary>
    public SpinVector this[int index] => Unpack(_configs[index], Size);

    /// <summary>The packed solutions, sorted.</summary>
    internal ReadOnlySpan<ulong> Packed => _configs;

    /// <summary>True when <paramref name="config"/> is one of the solutions.</summary>
    public bool Contains(SpinVector config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return config.Length == Size && Array.BinarySearch(_configs, Pack(config)) >= 0;
    }

    /// <summary>
    /// Connected components under single flips (ALGORITHMS.md §4): union–find over the pairs of solutions one flip
    /// apart. The neighbours across synapse s are found by one merge-like pass per synapse: the solutions with bit b
    /// clear, shifted by 2^b, are again in ascending order, so no hashing or searching is needed.
    /// </summary>
    public ClusterSummary Clusters()
    {
        var components = new UnionFind(Count);
        for (int b = 0; b < Size; b++)
        {
            ulong bit = 1UL << b;
            int j = 0;
            for (int i = 0; i < _configs.Length; i++)
            {
                ulong c = _configs[i];
                if ((c & bit) != 0) continue;
                ulong neighbour = c | bit;
                while (j < _configs.Length && _configs[j] < neighbour) j++;
                if (j == _configs.Length) break;
                if (_configs[j] == neighbour) components.Union(i, j);
            }
        }
        return components.Summary();
    }

    /// <summary>N_d: the number of solutions at each Hamming distance d = 0 … Size from <paramref name="reference"/>.</summary>
    public long[] CountByDistance(SpinVector reference)
    {
        ArgumentNullException.ThrowIfNull(reference);
        if (reference.Length != Size) throw new ArgumentException($"reference has {reference.Length} synapses, solutions have {Size}", nameof(reference));
        ulong r = Pack(reference);
        var counts = new long[Size + 1];
        foreach (ulong c in _configs) counts[BitOperations.PopCount(c ^ r)]++;
        return counts;
    }

    /// <summary>Packs a configuration of at most 64 synapses: synapse s to bit Length − 1 − s.</summary>
    internal static ulong Pack(SpinVector config)
    {
        ulong packed = 0;
        for (int s = 0; s < config.Length; s++)
        {
            if (config[s] > 0) packed |= 1UL << (config.Length - 1 - s);
        }
        return packed;
    }

    /// <summary>The inverse of <see cref="Pack"/>.</summary>
    internal static SpinVector Unpack(ulong packed, int size)
    {
        var v = new SpinVector(size);
        for (int s = 0; s < size; s++)
        {
            if (((packed >> (size - 1 - s)) & 1) != 0) v[s] = 1;
        }
        return v;
    }

    /// <summary>Disjoint sets with union by size and path halving.</summary>
    private sealed class UnionFind
    {
        private readonly int[] _parent;
        private readonly int[] _size;

        public UnionFind(int count)
        {
            _parent = new int[count];
            _size = new int[count];
            for (int i = 0; i < count; i++) (_parent[i], _size[i]) = (i, 1);
        }

        public void Union(int a, int b)
        {
            a = Find(a);
            b = Find(b);
            if (a == b) return;
            if (_size[a] < _size[b]) (a, b) = (b, a);
            _parent[b] = a;
            _size[a] += _size[b];
        }

        private int Find(int i)
        {
            while (_parent[i] != i)
            {
                _parent[i] = _parent[_parent[i]];
                i = _parent[i];
            }
            return i;
        }

        public ClusterSummary Summary()
        {
            var histogram = new SortedDictionary<long, long>(Comparer<long>.Create((x, y) => y.CompareTo(x)));
            long clusters = 0;
            for (int i = 0; i < _parent.Length; i++)
            {
                if (_parent[i] != i) continue;
                clusters++;
                histogram[_size[i]] = histogram.GetValueOrDefault(_size[i]) + 1;
            }
            long largest = histogram.Count == 0 ? 0 : histogram.Keys.First();
            return new ClusterSummary(clusters, largest, [.. histogram.Select(kv => new ClusterSizeCount(kv.Key, kv.Value))]);
        }
    }
}
