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
        var k = new Option<int?>("--k") { Description = "committee machine with K hidden units (weights file: K lines)" };
        var tree = new Option<bool>("--tree") { Description = "tree committee (with --k)" };
        command.Options.Add(patterns);
        command.Options.Add(weights);
        command.Options.Add(k);
        command.Options.Add(tree);
        command.SetAction(parsed =>
        {
            string patternPath = parsed.GetValue(patterns)!.ToString(), weightsPath = parsed.GetValue(weights)!.ToString();
            if (parsed.GetValue(k) is int units)
            {
                if (units < 1 || units % 2 == 0) throw new UsageException($"--k must be odd and positive, got {units}");
                CommitteeMachine committee = PatternFile.ReadCommittee(patternPath, units, parsed.GetValue(tree));
                Console.Out.WriteLine(committee.Errors(WeightsFile.ReadUnits(weightsPath, units, committee.N)));
                return LentApp.Ok;
            }
            if (parsed.GetValue(tree)) throw new UsageException("--tree goes with --k");
            Perceptron problem = PatternFile.Read(patternPath);
            var w = WeightsFile.Read(weightsPath, problem.N);
            Console.Out.WriteLine(problem.Errors(w));
            return LentApp.Ok;
        });
        return command;
    }
}
