namespace LocalEntropy.Landscape;

/// <summary>The solution space of one enumerated instance: how many solutions, in how many clusters.</summary>
/// <param name="Seed">Instance seed.</param>
/// <param name="Solutions">Number of solutions.</param>
/// <param name="Clusters">Connected components under single flips.</param>
/// <param name="Largest">Solutions in the largest component.</param>
public sealed record InstanceClusters(ulong Seed, long Solutions, long Clusters, long Largest)
{
    /// <summary>Enumerates <paramref name="enumerator"/>'s instance and clusters it; null when the enumeration did not complete.</summary>
    public static InstanceClusters? Measure(ulong seed, SolutionEnumerator enumerator, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(enumerator);
        EnumerationResult<SolutionSet> all = enumerator.Solutions(null, cancellationToken);
        if (!all.Complete) return null;
        ClusterSummary c = all.Value.Clusters();
        return new InstanceClusters(seed, all.Value.Count, c.Clusters, c.Largest);
    }
}

/// <summary>
/// One row of the SOLUTIONS / CLUSTERS / LARGEST table (ALGORITHMS.md §4): means over the instances at one load.
/// The fraction in the largest cluster is averaged over the instances that have solutions.
/// </summary>
public sealed record ClusterTableRow(double Alpha, int Patterns, IReadOnlyList<InstanceClusters> Instances)
{
    /// <summary>Instances with at least one solution.</summary>
    public int Solvable => Instances.Count(i => i.Solutions > 0);

    /// <summary>Mean number of solutions.</summary>
    public double MeanSolutions => Instances.Average(i => (double)i.Solutions);

    /// <summary>Mean number of clusters.</summary>
    public double MeanClusters => Instances.Average(i => (double)i.Clusters);

    /// <summary>Mean size of the largest cluster.</summary>
    public double MeanLargest => Instances.Average(i => (double)i.Largest);

    /// <summary>Mean fraction of the solutions in the largest cluster; null when no instance has solutions.</summary>
    public double? MeanFractionInLargest =>
        Solvable == 0 ? null : Instances.Where(i => i.Solutions > 0).Average(i => (double)i.Largest / i.Solutions);
}
