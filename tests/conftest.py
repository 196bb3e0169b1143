import matplotlib

# Unit tests draw off-screen. (Only in this process: an MPLBACKEND environment variable
# would be inherited by the notebook kernels that nbval starts and hide their figures.)
matplotlib.use("Agg")
