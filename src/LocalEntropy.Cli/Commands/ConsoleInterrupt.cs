namespace LocalEntropy.Cli.Commands;

/// <summary>
/// Turns Ctrl-C into a cancellation request for as long as it lives, so long work can stop cleanly (finished work
/// reported, nothing half written) instead of the process being killed.
/// </summary>
internal sealed class ConsoleInterrupt : IDisposable
{
    private readonly CancellationTokenSource _source = new();

    public ConsoleInterrupt() => Console.CancelKeyPress += OnCancel;

    /// <summary>Cancelled once Ctrl-C is pressed.</summary>
    public CancellationToken Token => _source.Token;

    public void Dispose()
    {
        Console.CancelKeyPress -= OnCancel;
        _source.Dispose();
    }

    private void OnCancel(object? sender, ConsoleCancelEventArgs e)
    {
        e.Cancel = true;
        _source.Cancel();
    }
}
