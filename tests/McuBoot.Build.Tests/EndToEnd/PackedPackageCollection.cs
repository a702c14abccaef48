namespace McuBoot.Build.Tests.EndToEnd;

/// <summary>The end-to-end tests share one packed package and run one after another.</summary>
[CollectionDefinition(Name)]
public sealed class PackedPackageCollection : ICollectionFixture<PackedPackageFixture>
{
    public const string Name = "Packed McuBoot.Build package";
}
