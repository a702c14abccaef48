namespace McuBoot.Tests.Signing;

/// <summary>
/// Tests using SoftHSM2 run one at a time: the module is loaded into this process once and reads the token
/// configuration (SOFTHSM2_CONF, a process-wide variable) when it is initialised.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SoftHsmCollection
{
    public const string Name = "SoftHSM2";
}
