namespace Cluster.Formats.LabelMaps;

/// <summary>One <c>item { id: 1 name: 'raccoon' display_name: 'Raccoon' }</c> of a label map.</summary>
public sealed record LabelMapItem(int Id, string Name, string? DisplayName = null);
