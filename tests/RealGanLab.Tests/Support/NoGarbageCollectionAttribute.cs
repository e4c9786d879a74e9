using System.Reflection;
using System.Runtime;
using Xunit.Sdk;

namespace RealGanLab.Tests;

/// <summary>
/// Holds garbage collection off while a torch-heavy test runs. TorchSharp 0.107 frees temporary Scalars in
/// finalizers without keeping them alive across native calls (docs/torchsharp-notes.md); a collection started
/// by another thread of the test host — xunit's own message threads allocate too — can free a Scalar that a running
/// libtorch call still reads. A no-GC region makes the collection happen before the test, so only objects from
/// before the test are finalized while it runs.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method)]
public sealed class NoGarbageCollectionAttribute : BeforeAfterTestAttribute
{
    // Within what the runtime allows for one region; a test that allocates more simply ends the region early.
    const long Budget = 200L * 1024 * 1024;

    public override void Before(MethodInfo methodUnderTest)
    {
        if (GCSettings.LatencyMode != GCLatencyMode.NoGCRegion) GC.TryStartNoGCRegion(Budget);
    }

    public override void After(MethodInfo methodUnderTest)
    {
        if (GCSettings.LatencyMode == GCLatencyMode.NoGCRegion) GC.EndNoGCRegion();
    }
}
