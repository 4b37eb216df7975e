using System.CommandLine;
using LocalEntropy.IO;
using LocalEntropy.Problems;

namespace LocalEntropy.Cli.Commands;

/// <summary>`lent energy`: the number of training errors of a weights file on a pattern file.</summary>
internal static class EnergyCommand
{
    public static Command Build()
    {
        var command = new Command("energy", "print the number of patterns a weight vector misclassifies");
        var patterns = CommonOptions.ExistingFile("--patterns", "pattern file");
        patterns.Required = true;
        var weights = CommonOptions.ExistingFile("--weights", "weights file (one line of -1/1 values or a +/- string)");
        weights.Required = true;
        command.Options.Add(patterns);
        command.Options.Add(weights);
        command.SetAction(parsed =>
        {
            Perceptron problem = PatternFile.Read(parsed.GetValue(patterns)!.ToString());
            var w = WeightsFile.Read(parsed.GetValue(weights)!.ToString(), problem.N);
            Console.Out.WriteLine(problem.Errors(w));
            return LentApp.Ok;
        });
        return command;
    }
}
