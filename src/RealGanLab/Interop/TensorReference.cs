namespace RealGanLab.Interop;

/// <summary>
/// A tensor in a torch.save file before its bytes are read: its storage and the view of it
/// (torch._utils._rebuild_tensor_v2's storage offset, size and stride, in elements).
/// </summary>
public sealed record TensorReference(StorageReference Storage, long Offset, long[] Shape, long[] Stride);
