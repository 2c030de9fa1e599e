# Recursive fib(25): function calls and local names (compare with fib.gmm).
def fib(n):
    if n < 2: return n
    return fib(n - 1) + fib(n - 2)
print(fib(25))
