using LocalEntropy.Cli;

return LentApp.Run(args);
