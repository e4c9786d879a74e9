// The composition layer (registries and factories) is named by most of this project.
global using RealGanLab.Composition;
