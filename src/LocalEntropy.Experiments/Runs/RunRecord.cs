namespace LocalEntropy.Experiments;

/// <summary>
/// A finished run as a store keeps it: the point, what `lent solve --json` reports for it, the `lent solve` command
/// that reproduces it, and where, when and by which build it ran.
/// </summary>
public sealed record RunRecord(
    SweepPoint Point,
    SolveReport Report,
    string Command,
    string Version,
    string Host,
    DateTimeOffset StartedAt,
    DateTimeOffset FinishedAt);
