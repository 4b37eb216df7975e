// Tests seed torch's process-wide generator and use both cores through LibTorch: run them one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
