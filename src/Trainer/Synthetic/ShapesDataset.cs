namespace Cluster.Trainer.Synthetic;

/// <summary>A generated dataset on disk: the TF OD API CSV manifest, the folder its file names are relative to, the counts.</summary>
public sealed record ShapesDataset(string ManifestPath, string ImagesDirectory, int Images, int Objects);
