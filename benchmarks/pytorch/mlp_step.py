"""PyTorch twin of DeepStepBenchmarks' sgd case: the 784-1024-1024-10 MLP (BatchNorm, Dropout) at batch 128,
SGD with Nesterov momentum, two threads, batches gathered from a data tensor. Prints milliseconds per step.

Run with benchmarks/pytorch/run, which installs Debian's python3-torch and OpenBLAS when missing."""
import time

import torch
from torch import nn

torch.set_num_threads(2)
torch.manual_seed(1)
model = nn.Sequential(
    nn.Flatten(), nn.Dropout(0.2),
    nn.Linear(784, 1024), nn.BatchNorm1d(1024), nn.ReLU(), nn.Dropout(0.2),
    nn.Linear(1024, 1024), nn.BatchNorm1d(1024), nn.ReLU(), nn.Dropout(0.2),
    nn.Linear(1024, 10))
optimizer = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9, nesterov=True)
images = torch.randn(6400, 1, 28, 28)
labels = torch.randint(0, 10, (6400,))


def steps(count):
    for _ in range(count):
        index = torch.randint(0, 6400, (128,))
        optimizer.zero_grad()
        loss = nn.functional.cross_entropy(model(images[index]), labels[index])
        loss.backward()
        optimizer.step()


steps(50)
times = []
for _ in range(10):
    start = time.perf_counter()
    steps(60)
    times.append((time.perf_counter() - start) / 60 * 1000)
times.sort()
print(f"torch {torch.__version__}: {sum(times) / len(times):.2f} ms per step (median {times[len(times) // 2]:.2f}, min {times[0]:.2f})")
