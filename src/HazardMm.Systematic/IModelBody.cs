using HazardMm.Memory;

namespace HazardMm.Systematic;

/// <summary>
/// Work to run with a memory model's type: <see cref="MemoryModelDescriptor.Run"/> calls
/// <see cref="Run{TMem}"/> with the model's <c>TMem</c>, so code that holds a model as data (a name
/// from the command line, a column of the kill matrix) gets the JIT-specialised generic code.
/// </summary>
public interface IModelBody
{
    void Run<TMem>()
        where TMem : struct, IMemoryModel;
}
