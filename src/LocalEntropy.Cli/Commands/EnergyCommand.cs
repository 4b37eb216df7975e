using System.CommandLine;
using LocalEntropy.IO;
using LocalEntropy.Problems;

namespace LocalEntropy.Cli.Commands;

/// <summary>`lent energy`: the number of training errors of a weights file on a pattern file.</summary>
internal static class EnergyCommand
{
    public static Command Build()
    {
        var command = new Command("energy", "print the number of patterns a weight vector misclassifies, or of clauses an assignment violates");
        var patterns = CommonOptions.ExistingFile("--patterns", "pattern file");
        var cnf = CommonOptions.ExistingFile("--cnf", "K-SAT formula (DIMACS CNF); the weights file then holds the assignment");
        var weights = CommonOptions.ExistingFile("--weights", "weights file (one line of -1/1 values or a +/- string)");
        weights.Required = true;
        var k = CommonOptions.HiddenUnits("committee machine with K hidden units (weights file: K lines)");
        var tree = CommonOptions.Tree();
        var levels = CommonOptions.Levels("multi-level weights: the weights file holds numerators in {-L, -L+2, ..., L}; default: the '# levels: L' line of the pattern file, else binary");
        command.Options.Add(levels);
        command.Options.Add(patterns);
        command.Options.Add(cnf);
        command.Options.Add(weights);
        command.Options.Add(k);
        command.Options.Add(tree);
        command.SetAction(parsed =>
        {
            string weightsPath = parsed.GetValue(weights)!.ToString();
            if (parsed.GetValue(cnf) is { } formulaFile)
            {
                if (parsed.GetValue(patterns) is not null || parsed.GetValue(k) is not null || parsed.GetValue(tree) || parsed.GetValue(levels) is not null)
                    throw new UsageException("--cnf goes alone: not with --patterns, --k, --tree or --levels");
                KSat formula = DimacsFile.Read(formulaFile.ToString());
                Console.Out.WriteLine(formula.Errors(WeightsFile.Read(weightsPath, formula.N)));
                return LentApp.Ok;
            }
            string patternPath = parsed.GetValue(patterns)?.ToString() ?? throw new UsageException("give --patterns FILE (or --cnf FILE for a formula)");
            if (CommonOptions.CommitteeUnits(parsed.GetValue(k), parsed.GetValue(tree)) is int units)
            {
                if (parsed.GetValue(levels) is not null) throw new UsageException("--levels is for the perceptron, not with --k");
                CommitteeMachine committee = PatternFile.ReadCommittee(patternPath, units, parsed.GetValue(tree));
                Console.Out.WriteLine(committee.Errors(WeightsFile.ReadUnits(weightsPath, units, committee.N)));
                return LentApp.Ok;
            }
            Perceptron problem = PatternFile.Read(patternPath);
            if (ProblemSource.ResolveLevels(parsed.GetValue(levels), patternPath) is int l)
            {
                var level = new LevelPerceptron(problem, l);
                Console.Out.WriteLine(level.Errors(WeightsFile.ReadLevels(weightsPath, l, problem.N)));
                return LentApp.Ok;
            }
            var w = WeightsFile.Read(weightsPath, problem.N);
            Console.Out.WriteLine(problem.Errors(w));
            return LentApp.Ok;
        });
        return command;
    }
}
