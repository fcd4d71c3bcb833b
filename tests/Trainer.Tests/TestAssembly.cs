// Torch's intra-op thread pool is process-wide, and the CPU is shared: run the trainer tests one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
