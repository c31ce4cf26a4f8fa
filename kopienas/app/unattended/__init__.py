"""unattended"""
