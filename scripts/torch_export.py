#!/usr/bin/python3
"""Export the PyTorch peer of the seed's example network to a safetensors file dicenet can import.

The network and the Dice loss are copied from ../shared/peers/torch_example_net.py (ExampleNet,
labels_to_onehot, generalized_dice_loss). Written without the `safetensors` package: the layout is
an 8-byte little-endian header length, a JSON header, then raw little-endian float32 data.

  torch_export.py --out weights.safetensors [--height 32 --width 48 --classes 4 --seed 0]
      writes the state_dict: mean_image [3,H,W], conv.weight [16,3,3,3], conv.bias [16],
      tconv.weight [16,K,2,2], tconv.bias [K]
  torch_export.py --out weights.safetensors --reference ref.safetensors [--batch 2]
      also writes a test case computed by PyTorch in float32: input x, labels (as float, -1 =
      undefined), softmax output y, loss (the peer's conventions: absent class weight 0, no epsilon)
      and the gradient of the loss w.r.t. every parameter (grad.conv.weight, ...).

Then: dicenet import-torch --weights weights.safetensors --out model.safetensors
"""
import argparse
import json
import struct

import torch
import torch.nn as nn
import torch.nn.functional as F


class ExampleNet(nn.Module):
    def __init__(self, in_ch=3, num_filters=16, num_classes=4, mean_image=None):
        super().__init__()
        self.register_buffer('mean_image', mean_image)
        self.conv = nn.Conv2d(in_ch, num_filters, kernel_size=3, stride=2, padding=1, bias=True)
        self.tconv = nn.ConvTranspose2d(num_filters, num_classes, kernel_size=2, stride=2, padding=0, bias=True)

    def forward(self, x):
        xn = x - self.mean_image if self.mean_image is not None else x
        return torch.softmax(self.tconv(F.relu(self.conv(xn))), dim=1)


def labels_to_onehot(labels, num_classes, dtype=torch.float32):
    valid = labels >= 0
    T = F.one_hot(labels.clamp(min=0), num_classes).movedim(-1, 1).to(dtype)
    mask = valid.unsqueeze(1).to(dtype)
    return T * mask, mask


def generalized_dice_loss(Y, T, mask=None):
    if mask is not None:
        Y = Y * mask
        T = T * mask
    dims = tuple(range(2, Y.dim()))
    count = T.sum(dims)
    present = count > 0
    w = torch.where(present, 1.0 / torch.where(present, count, torch.ones_like(count)) ** 2, torch.zeros_like(count))
    inter = (Y * T).sum(dims)
    union = (Y * Y + T * T).sum(dims)
    num = 2.0 * (w * inter).sum(1)
    den = (w * union).sum(1)
    ok = den > 0
    Ln = torch.where(ok, 1.0 - num / torch.where(ok, den, torch.ones_like(den)), torch.zeros_like(den))
    return Ln.sum() / Y.shape[0]


def write_safetensors(path, tensors, metadata=None):
    header, offset, blobs = {}, 0, []
    if metadata:
        header['__metadata__'] = metadata
    for name, t in tensors.items():
        data = t.detach().to(torch.float32).contiguous().numpy().astype('<f4').tobytes()
        header[name] = {'dtype': 'F32', 'shape': list(t.shape), 'data_offsets': [offset, offset + len(data)]}
        offset += len(data)
        blobs.append(data)
    h = json.dumps(header).encode('utf-8')
    h += b' ' * ((8 - len(h) % 8) % 8)
    with open(path, 'wb') as f:
        f.write(struct.pack('<Q', len(h)))
        f.write(h)
        for b in blobs:
            f.write(b)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--out', required=True)
    ap.add_argument('--reference')
    ap.add_argument('--height', type=int, default=32)
    ap.add_argument('--width', type=int, default=48)
    ap.add_argument('--classes', type=int, default=4)
    ap.add_argument('--batch', type=int, default=2)
    ap.add_argument('--seed', type=int, default=0)
    a = ap.parse_args()
    g = torch.Generator().manual_seed(a.seed)
    torch.manual_seed(a.seed)
    mean_image = torch.rand(3, a.height, a.width, generator=g)
    net = ExampleNet(num_classes=a.classes, mean_image=mean_image)
    write_safetensors(a.out, dict(net.state_dict()), {'source': 'torch_export.py ExampleNet'})
    if a.reference:
        x = torch.rand(a.batch, 3, a.height, a.width, generator=g)
        labels = torch.randint(0, a.classes, (a.batch, a.height, a.width), generator=g)
        labels[torch.rand(a.batch, a.height, a.width, generator=g) < 0.1] = -1
        T, mask = labels_to_onehot(labels, a.classes)
        y = net(x)
        loss = generalized_dice_loss(y, T, mask)
        loss.backward()
        ref = {'x': x, 'labels': labels.to(torch.float32), 'y': y, 'loss': loss.reshape(1)}
        for name, p in net.named_parameters():
            ref['grad.' + name] = p.grad
        write_safetensors(a.reference, ref)


if __name__ == '__main__':
    main()
