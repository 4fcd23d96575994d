"""A multilingual retrieval-augmented question-answering assistant with verified citations."""

import os

# torch and llama.cpp each keep OpenMP worker threads that spin after every parallel region. In one
# process on a few cores (the embedder, then the answer judge and the LLM), the spinning threads of
# one starve the other: generation fell from ~10 to 0.5-4 tokens/s on 2 cores. Sleeping workers cost
# little here. Only a default: an explicit OMP_WAIT_POLICY wins, and it must be set before torch or
# llama_cpp is imported, which is why it lives here.
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

__version__ = "0.1.0"
